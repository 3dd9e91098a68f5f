package pescope.ce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pescope.deps.DependencyGraph;
import pescope.deps.MissingExport;
import pescope.deps.ModuleNode;
import pescope.pe.Anomaly;
import pescope.pe.ImportedModule;
import pescope.pe.PeImage;

/**
 * Turns parsed images and their dependency graphs into the allocator's input: one
 * {@link CeModule} per file the graphs found, with the imports the dependency checker could not
 * resolve (error 127) attached to the module that imports them.
 */
public final class ImageModules {

    private ImageModules() {}

    /** The allocator's view of one image; {@code unresolved} are its implicit imports that do not resolve. */
    public static CeModule fromImage(PeImage image, Path path, List<UnresolvedImport> unresolved) {
        var header = image.optionalHeader();
        List<CeSection> sections = image.sections().stream()
                .map(s -> new CeSection(s.name(), s.virtualSize(), s.sizeOfRawData(), s.characteristics()))
                .toList();
        return new CeModule(fileName(path, image), path, header.sizeOfImage(), sections, 0, image.isDll(),
                image.relocationsStripped(), header.imageBase(), image.machine(), header.subsystem(),
                header.subsystemVersion().major(), header.subsystemVersion().minor(), header.sizeOfStackReserve(),
                image.imports().stream().map(ImportedModule::dllName).toList(),
                image.delayImports().stream().map(ImportedModule::dllName).toList(),
                unresolved, damageOf(image));
    }

    /**
     * What the loader cannot get past: a file cut short, or an import or export directory it
     * cannot walk (pe's anomalies). Odd but loadable things (IAT-only imports, overlapping
     * sections) are not damage.
     */
    static final Set<Anomaly.Kind> DAMAGE = EnumSet.of(
            Anomaly.Kind.FILE_HEADER_TRUNCATED, Anomaly.Kind.OPTIONAL_HEADER_TRUNCATED,
            Anomaly.Kind.SECTION_TABLE_TRUNCATED, Anomaly.Kind.SECTION_RAW_DATA_PAST_EOF,
            Anomaly.Kind.SIZE_OF_HEADERS_PAST_EOF,
            Anomaly.Kind.IMPORT_DIRECTORY_DAMAGED, Anomaly.Kind.IMPORT_DIRECTORY_UNTERMINATED,
            Anomaly.Kind.IMPORT_DESCRIPTOR_DAMAGED, Anomaly.Kind.IMPORT_TABLE_DAMAGED, Anomaly.Kind.IMPORT_NAME_DAMAGED,
            Anomaly.Kind.EXPORT_DIRECTORY_DAMAGED, Anomaly.Kind.EXPORT_NAME_DAMAGED);

    private static String damageOf(PeImage image) {
        return image.anomalies().stream().filter(a -> DAMAGE.contains(a.kind())).findFirst()
                .map(a -> a.kind().name() + ": " + a.message()).orElse(null);
    }

    /**
     * Every module the graphs found (wrong-machine files included, so the allocator can refuse
     * them with 193), keyed the CE way; the first graph to find a name wins, as the loader binds
     * a name once.
     */
    public static InMemoryModuleCatalog catalogOf(Collection<DependencyGraph> graphs) {
        Map<String, CeModule> modules = new LinkedHashMap<>();
        for (DependencyGraph graph : graphs) {
            for (ModuleNode node : graph.modules()) {
                String key = ModuleCatalog.keyOf(node.name());
                if (modules.containsKey(key)) {
                    continue;
                }
                graph.image(node).ifPresent(image -> modules.put(key, fromImage(image, node.path(), unresolvedOf(graph, node))));
            }
        }
        return new InMemoryModuleCatalog(modules.values());
    }

    private static List<UnresolvedImport> unresolvedOf(DependencyGraph graph, ModuleNode node) {
        List<UnresolvedImport> unresolved = new ArrayList<>();
        for (MissingExport missing : graph.missingExports()) {
            if (!missing.delayLoad() && missing.importer().id() == node.id()) {
                unresolved.add(new UnresolvedImport(missing.dll(), missing.symbol()));
            }
        }
        return unresolved;
    }

    private static String fileName(Path path, PeImage image) {
        Path source = path != null ? path : Path.of(image.source());
        return source.getFileName().toString();
    }
}
