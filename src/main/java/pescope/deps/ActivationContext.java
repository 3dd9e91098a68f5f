package pescope.deps;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A side-by-side activation context: the assemblies a manifest asked for, where each was found,
 * and which DLL names their {@code <file>} entries redirect. The loader consults it before
 * KnownDLLs and the search path, so a DLL it names is taken from the assembly even when a file of
 * that name sits in the application folder.
 *
 * @param manifest    where the manifest came from ("app.exe.manifest", "app.exe RT_MANIFEST #1")
 * @param assemblies  in the order the manifest lists them; unresolved ones have a null manifest
 * @param redirection every DLL name the assemblies supply, case folded, to its file; the first
 *                    assembly to list a name wins
 */
public record ActivationContext(String manifest, List<Assembly> assemblies, Map<String, Path> redirection) {

    public ActivationContext {
        assemblies = List.copyOf(assemblies);
        redirection = Map.copyOf(redirection);
    }

    public ActivationContext(String manifest, List<Assembly> assemblies) {
        this(manifest, assemblies, index(assemblies));
    }

    private static Map<String, Path> index(List<Assembly> assemblies) {
        Map<String, Path> all = new HashMap<>();
        for (Assembly assembly : assemblies) {
            assembly.files().forEach((name, file) -> all.putIfAbsent(ModuleLocator.foldCase(name), file));
        }
        return all;
    }

    /**
     * One dependent assembly.
     *
     * @param identity as the manifest names it: name, version, processorArchitecture, token
     * @param foundBy  "private" (the application folder), "winsxs", or null when not found
     * @param manifest the assembly's own manifest file; null when not found
     * @param files    the DLLs it redirects: file name as listed → the file
     */
    public record Assembly(AssemblyIdentity identity, String foundBy, Path manifest, Map<String, Path> files) {
        public Assembly {
            files = Map.copyOf(files);
        }

        public boolean isFound() {
            return manifest != null;
        }
    }

    /** The file an assembly of this context supplies for a DLL name, compared ignoring case. */
    public Optional<Path> redirect(String dllName) {
        return Optional.ofNullable(redirection.get(ModuleLocator.foldCase(dllName)));
    }
}
