package pescope.ce;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds modules the way the CE loader does (ce-loader.md §3 step 6): by file name only,
 * case-insensitively, with {@code x} the same as {@code x.dll}. An absent module is error 126.
 */
public interface ModuleCatalog {

    /** The module with this name, if the device has its file. */
    Optional<CeModule> find(String name);

    /** The key under which CE matches a module name: file name only, lower case, ".dll" added when there is no extension. */
    static String keyOf(String name) {
        String fileName = name.substring(Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/')) + 1);
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.indexOf('.') < 0 ? lower + ".dll" : lower;
    }
}
