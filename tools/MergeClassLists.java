import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Merges the class lists of several training runs (-XX:DumpLoadedClassList) into one for
 * -Xshare:dump, each line once, in the order first seen. Run by the build (pom.xml, cds-archive):
 * {@code java tools/MergeClassLists.java OUT IN...}.
 *
 * <p>Why not sort -u: -Xshare:dump crashes on a lambda listed twice (JDK 17), and from a sorted
 * list (the @lambda-proxy lines first) it archived 16 fewer of the classes a dump --all run
 * loads, lambdas and their method handles.
 */
public final class MergeClassLists {
    public static void main(String[] args) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            lines.addAll(Files.readAllLines(Path.of(args[i])));
        }
        Files.write(Path.of(args[0]), lines);
    }
}
