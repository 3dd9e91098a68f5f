package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the activation context of a root module from its manifest, as the side-by-side loader
 * probes for each dependent assembly:
 * <ol>
 * <li>an assembly with a public key token is a shared assembly: looked up in a WinSxS-shaped
 *     folder first, by its key {@code arch_name_token_version_lang} (the manifest in
 *     {@code Manifests/KEY_HASH.manifest}, the files in {@code KEY_HASH/});
 * <li>then as a private assembly in the application folder: {@code NAME.manifest}, then
 *     {@code NAME\NAME.manifest}; its {@code <file>} entries are files beside that manifest.
 *     (A private assembly may also be {@code NAME.dll} with its manifest as resource #1; that
 *     form is not probed.)
 * </ol>
 * A root with no manifest and a {@code NAME.local} folder beside it has its DLLs taken from that
 * folder first (DotLocal redirection, which Windows ignores when the EXE has a manifest).
 * I/O goes through {@link Files}, so tests can use memory.
 */
public final class SideBySide {

    /** The file access probing needs. */
    public interface Files {
        /** The entry of {@code folder} named {@code name}, ignoring case. */
        Optional<Path> find(Path folder, String name);

        boolean isFolder(Path path);

        /** The names in a folder; empty when it cannot be listed. */
        List<String> list(Path folder);

        /** The text of a manifest file; empty when it cannot be read. */
        Optional<String> readText(Path file);
    }

    private static final String MANIFEST = ".manifest";
    /** Dependent assemblies probed for one manifest; real ones name one to five. */
    public static final int MAX_ASSEMBLIES = 256;

    private final ManifestSource manifests;
    private final Files files;
    private final Path winsxs;

    /** @param winsxs a WinSxS-shaped folder; null for none */
    public SideBySide(ManifestSource manifests, Files files, Path winsxs) {
        this.manifests = manifests;
        this.files = files;
        this.winsxs = winsxs;
    }

    /** The context the loader activates for a process of this EXE; null when there is none. */
    public ActivationContext contextOf(Path root) {
        Path appFolder = ModuleLocator.folderOf(root);
        String rootName = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        Optional<ManifestSource.Text> text = manifests.manifestOf(root);
        if (text.isEmpty()) {
            return dotLocal(appFolder, rootName);
        }
        AssemblyManifest manifest;
        try {
            manifest = AssemblyManifest.parse(text.get().text());
        } catch (IllegalArgumentException e) {
            return new ActivationContext(text.get().where() + " (" + e.getMessage() + ")", List.of());
        }
        List<ActivationContext.Assembly> assemblies = new ArrayList<>();
        for (AssemblyIdentity dependency : manifest.dependencies().subList(0, Math.min(MAX_ASSEMBLIES, manifest.dependencies().size()))) {
            assemblies.add(probe(dependency, appFolder));
        }
        return new ActivationContext(text.get().where(), assemblies);
    }

    private ActivationContext dotLocal(Path appFolder, String rootName) {
        Optional<Path> local = files.find(appFolder, rootName + ".local").filter(files::isFolder);
        if (local.isEmpty()) {
            return null;
        }
        Map<String, Path> dlls = new LinkedHashMap<>();
        for (String name : files.list(local.get())) {
            if (name.toLowerCase(Locale.ROOT).endsWith(".dll")) {
                dlls.put(name, local.get().resolve(name));
            }
        }
        AssemblyIdentity identity = new AssemblyIdentity(rootName + ".local", "", "", "", "");
        return new ActivationContext(rootName + ".local",
                List.of(new ActivationContext.Assembly(identity, "dotlocal", local.get(), dlls)));
    }

    private ActivationContext.Assembly probe(AssemblyIdentity wanted, Path appFolder) {
        if (!wanted.publicKeyToken().isEmpty() && winsxs != null) {
            Optional<ActivationContext.Assembly> shared = inWinSxs(wanted);
            if (shared.isPresent()) {
                return shared.get();
            }
        }
        List<Path> candidates = new ArrayList<>();
        files.find(appFolder, wanted.name() + MANIFEST).ifPresent(candidates::add);
        files.find(appFolder, wanted.name()).filter(files::isFolder)
                .flatMap(folder -> files.find(folder, wanted.name() + MANIFEST)).ifPresent(candidates::add);
        for (Path candidate : candidates) {
            Optional<AssemblyManifest> manifest = readManifest(candidate).filter(m -> matches(m.identity(), wanted));
            if (manifest.isPresent()) {
                return assembly(wanted, "private", candidate, ModuleLocator.folderOf(candidate), manifest.get());
            }
        }
        return new ActivationContext.Assembly(wanted, null, null, Map.of());
    }

    /** WinSxS\Manifests\KEY_HASH.manifest with its files in WinSxS\KEY_HASH\. */
    private Optional<ActivationContext.Assembly> inWinSxs(AssemblyIdentity wanted) {
        Path manifestsFolder = files.find(winsxs, "Manifests").orElse(null);
        if (manifestsFolder == null) {
            return Optional.empty();
        }
        for (String name : files.list(manifestsFolder)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(MANIFEST) || !keyMatches(lower.substring(0, lower.length() - MANIFEST.length()), wanted)) {
                continue;
            }
            Path file = manifestsFolder.resolve(name);
            Optional<AssemblyManifest> manifest = readManifest(file).filter(m -> matches(m.identity(), wanted));
            if (manifest.isPresent()) {
                String folderName = name.substring(0, name.length() - MANIFEST.length());
                Path folder = files.find(winsxs, folderName).orElse(winsxs.resolve(folderName));
                return Optional.of(assembly(wanted, "winsxs", file, folder, manifest.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a WinSxS name {@code arch_name_token_version_lang_hash} is this assembly's; the
     * name part may itself hold underscores, so the fields are taken from both ends.
     */
    static boolean keyMatches(String folderName, AssemblyIdentity wanted) {
        String[] parts = folderName.split("_");
        if (parts.length < 6) {
            return false;
        }
        int n = parts.length;
        String arch = parts[0];
        String name = String.join("_", java.util.Arrays.copyOfRange(parts, 1, n - 4));
        String token = parts[n - 4];
        String version = parts[n - 3];
        String language = parts[n - 2];
        String wantedLanguage = wanted.language().isEmpty() || wanted.language().equals("*") ? "none" : wanted.language();
        return name.equalsIgnoreCase(wanted.name())
                && token.equalsIgnoreCase(wanted.publicKeyToken())
                && version.equalsIgnoreCase(wanted.version())
                && language.equalsIgnoreCase(wantedLanguage)
                && (wanted.processorArchitecture().equals("*") || arch.equalsIgnoreCase(wanted.processorArchitecture()));
    }

    private Optional<AssemblyManifest> readManifest(Path file) {
        try {
            return files.readText(file).map(AssemblyManifest::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The loader binds an assembly whose manifest says the same name, version and token. */
    private static boolean matches(AssemblyIdentity found, AssemblyIdentity wanted) {
        return found != null
                && found.name().equalsIgnoreCase(wanted.name())
                && (wanted.version().isEmpty() || found.version().equalsIgnoreCase(wanted.version()))
                && found.publicKeyToken().equalsIgnoreCase(wanted.publicKeyToken());
    }

    private ActivationContext.Assembly assembly(AssemblyIdentity wanted, String foundBy, Path manifestFile, Path folder,
            AssemblyManifest manifest) {
        Map<String, Path> dlls = new LinkedHashMap<>();
        for (String file : manifest.files()) {
            dlls.putIfAbsent(file, files.find(folder, file).orElse(folder.resolve(file)));
        }
        return new ActivationContext.Assembly(wanted, foundBy, manifestFile, dlls);
    }
}
