package pescope.pe;

import java.util.List;
import java.util.Optional;

/**
 * The resource directory: every leaf of its tree in tree order, the first version resource
 * decoded, and every manifest decoded to text.
 */
public record Resources(List<ResourceEntry> entries, Optional<VersionInfo> versionInfo, List<Manifest> manifests) {

    public static final Resources NONE = new Resources(List.of(), Optional.empty(), List.of());

    public Resources {
        entries = List.copyOf(entries);
        manifests = List.copyOf(manifests);
    }

    /** The first manifest in tree order (the lowest id), the one tools show for a module. */
    public Optional<String> manifest() {
        return manifests.stream().findFirst().map(Manifest::text);
    }

    /**
     * The manifest the loader uses for a module's own dependencies: id 2 for a DLL, id 1 for an
     * EXE (Windows' activation-context rules); empty when the module has none with that id.
     */
    public Optional<String> sideBySideManifest(boolean dll) {
        int wanted = dll ? Manifest.ISOLATION_AWARE : Manifest.PROCESS;
        return manifests.stream().filter(m -> m.name().isId(wanted)).findFirst().map(Manifest::text);
    }
}
