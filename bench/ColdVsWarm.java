import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.report.DumpJson;

/**
 * Where a batch's time goes: the same folder parsed and rendered to JSON five times in one JVM,
 * so the first (cold) round can be set against the warm ones.
 *
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp target/pescope.jar bench/ColdVsWarm.java DIR
 */
public class ColdVsWarm {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of(args[0]))) {
            files = listing.filter(PeReader::looksLikePe).sorted().collect(Collectors.toList());
        }
        DumpJson json = new DumpJson();
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            long parsing = 0;
            long rendering = 0;
            long chars = 0;
            for (Path file : files) {
                long before = System.nanoTime();
                PeImage image = PeReader.everything().read(file);
                long parsed = System.nanoTime();
                chars += json.render(image, file.toString()).toString().length();
                rendering += System.nanoTime() - parsed;
                parsing += parsed - before;
            }
            System.out.printf("round %d: %d files, total %d ms, parse %d ms, JSON %d ms, %d chars%n", round, files.size(),
                    (System.nanoTime() - start) / 1_000_000, parsing / 1_000_000, rendering / 1_000_000, chars);
        }
    }
}
