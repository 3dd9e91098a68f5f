package pescope.deps;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the manifest of a module comes from: its embedded RT_MANIFEST resource (ID 1 for an EXE,
 * 2 for a DLL), else an external {@code NAME.manifest} file; the only I/O side-by-side needs for
 * manifests, so tests and other sources plug in here.
 */
public interface ManifestSource {

    /** The manifest text of that module, and where it was found; empty when it has none. */
    Optional<Text> manifestOf(Path module);

    /** @param where for people: "app.exe.manifest", "app.exe RT_MANIFEST #1" */
    record Text(String where, String text) {}
}
