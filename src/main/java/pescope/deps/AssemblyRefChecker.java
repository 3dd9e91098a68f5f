package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import pescope.pe.clr.AssemblyIdentity;

/**
 * Finds the managed assemblies an assembly references, so a .NET program's tree shows its managed
 * side next to its native one. Looked for as NAME.dll then NAME.exe along the search path (the
 * referencing assembly's folder first, as the application base is probed), then in the GAC
 * folders given: Mono's layout {@code gac/NAME/VERSION_CULTURE_TOKEN/NAME.dll} and .NET 4's
 * {@code GAC_MSIL/NAME/v4.0_VERSION_CULTURE_TOKEN/NAME.dll}. A file found whose Assembly row
 * carries another version is reported as such: strong-named binding wants the exact version
 * unless a binding redirect (not modelled) says otherwise.
 */
public final class AssemblyRefChecker {

    /** What was found for one reference. */
    public record Result(AssemblyIdentity reference, Path file, String foundBy, Status status, String foundVersion) {}

    public enum Status {
        FOUND, MISSING, VERSION_DIFFERS, NOT_AN_ASSEMBLY;

        /** "found", "missing", "version-differs", "not-an-assembly". */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final SearchPath searchPath;
    private final ModuleLocator locator;
    private final List<Path> gacFolders;
    private final Function<Path, Optional<AssemblyIdentity>> identityOf;

    /** {@code identityOf} reads a file's Assembly row; the caller does that I/O, not this class. */
    public AssemblyRefChecker(SearchPath searchPath, ModuleLocator locator, List<Path> gacFolders,
            Function<Path, Optional<AssemblyIdentity>> identityOf) {
        this.searchPath = searchPath;
        this.locator = locator;
        this.gacFolders = List.copyOf(gacFolders);
        this.identityOf = identityOf;
    }

    public List<Result> check(Path assembly, List<AssemblyIdentity> references) {
        Path folder = ModuleLocator.folderOf(assembly);
        List<Result> results = new ArrayList<>();
        for (AssemblyIdentity reference : references) {
            results.add(find(reference, folder));
        }
        return results;
    }

    private Result find(AssemblyIdentity reference, Path folder) {
        SearchStep.Lookup lookup = new SearchStep.Lookup(folder, folder);
        for (String fileName : List.of(reference.name() + ".dll", reference.name() + ".exe")) {
            List<SearchPath.Hit> hits = searchPath.findAll(fileName, lookup, locator);
            if (!hits.isEmpty()) {
                return judge(reference, hits.get(0).file(), hits.get(0).step());
            }
        }
        for (Path gac : gacFolders) {
            Optional<Path> file = inGac(gac, reference);
            if (file.isPresent()) {
                return judge(reference, file.get(), "gac");
            }
        }
        return new Result(reference, null, null, Status.MISSING, null);
    }

    private Optional<Path> inGac(Path gac, AssemblyIdentity reference) {
        String culture = reference.culture().isEmpty() || reference.culture().equalsIgnoreCase("neutral") ? "" : reference.culture();
        String key = reference.version() + "_" + culture + "_" + reference.publicKeyToken();
        for (Path root : List.of(gac, gac.resolve("GAC_MSIL"))) {
            Optional<Path> byName = locator.find(root, reference.name());
            if (byName.isEmpty()) {
                continue;
            }
            for (String version : List.of(key, "v4.0_" + key)) {
                Optional<Path> file = locator.find(byName.get(), version).flatMap(dir -> locator.find(dir, reference.name() + ".dll"));
                if (file.isPresent()) {
                    return file;
                }
            }
        }
        return Optional.empty();
    }

    private Result judge(AssemblyIdentity reference, Path file, String foundBy) {
        Optional<AssemblyIdentity> found = identityOf.apply(file);
        if (found.isEmpty()) {
            return new Result(reference, file, foundBy, Status.NOT_AN_ASSEMBLY, null);
        }
        String version = found.get().version();
        return new Result(reference, file, foundBy, version.equals(reference.version()) ? Status.FOUND : Status.VERSION_DIFFERS,
                version);
    }
}
