package pescope.deps;

import java.nio.file.Path;
import java.util.Optional;
import pescope.pe.PeImage;

/**
 * Where modules come from: the only I/O that dependency resolution does. A file system
 * ({@link FileSystemLocator}) in the tool, a map ({@link InMemoryLocator}) in tests.
 */
public interface ModuleLocator {

    /**
     * The entry of {@code folder} named {@code name}, compared the way Windows compares file
     * names (case ignored), or empty when there is none or the folder does not exist.
     */
    Optional<Path> find(Path folder, String name);

    /** Reads the module at a path; never throws: what cannot be read or parsed is a {@link Failed}. */
    Loaded load(Path file);

    /** The outcome of reading one file. */
    sealed interface Loaded permits Image, Failed {}

    record Image(PeImage image) implements Loaded {}

    /** The file exists but is unreadable or not a PE image; the reason is for people. */
    record Failed(String reason) implements Loaded {}

    /** The folder a file is in; a bare relative name is in the current folder, {@code Path.of("")}. */
    static Path folderOf(Path file) {
        Path parent = file.getParent();
        return parent != null ? parent : Path.of("");
    }

    /**
     * A file name folded for comparison: each UTF-16 unit upper-cased on its own, as the NT object
     * manager's upcase table does ({@code String.toUpperCase} would turn "ß" into "SS").
     */
    static String foldCase(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }
}
