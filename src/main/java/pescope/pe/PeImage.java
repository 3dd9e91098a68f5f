package pescope.pe;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed PE image: headers, section table, the directories that were asked for, and what
 * looked wrong along the way. Immutable. Directories are found by their model type
 * ({@code image.directory(ExportDirectory.class)}), so a new directory adds a type, not a
 * component here; {@link #imports()} and its siblings are shorthands for the common ones.
 */
public record PeImage(
        String source,
        long fileSize,
        long peHeaderOffset,
        FileHeader fileHeader,
        OptionalHeader optionalHeader,
        List<DataDirectory> dataDirectories,
        List<Section> sections,
        Map<Class<?>, Object> directories,
        List<Anomaly> anomalies) {

    public PeImage {
        dataDirectories = List.copyOf(dataDirectories);
        sections = List.copyOf(sections);
        directories = Map.copyOf(directories);
        anomalies = List.copyOf(anomalies);
    }

    /**
     * An image with the four directories read before the registry, as positional arguments: kept
     * so in-memory models built by hand (tests of deps and ce) need no change.
     */
    public PeImage(String source, long fileSize, long peHeaderOffset, FileHeader fileHeader,
            OptionalHeader optionalHeader, List<DataDirectory> dataDirectories, List<Section> sections,
            List<ImportedModule> imports, List<ImportedModule> delayImports, List<BoundImport> boundImports,
            Optional<ExportDirectory> exports, List<Anomaly> anomalies) {
        this(source, fileSize, peHeaderOffset, fileHeader, optionalHeader, dataDirectories, sections,
                directoryMap(imports, delayImports, boundImports, exports), anomalies);
    }

    private static Map<Class<?>, Object> directoryMap(List<ImportedModule> imports, List<ImportedModule> delayImports,
            List<BoundImport> boundImports, Optional<ExportDirectory> exports) {
        Map<Class<?>, Object> map = new java.util.HashMap<>();
        map.put(Imports.class, new Imports(imports));
        map.put(DelayImports.class, new DelayImports(delayImports));
        map.put(BoundImports.class, new BoundImports(boundImports));
        exports.ifPresent(e -> map.put(ExportDirectory.class, e));
        return map;
    }

    /** The parsed contents of a directory, when it was asked for, present and readable. */
    public <T> Optional<T> directory(Class<T> type) {
        return Optional.ofNullable(type.cast(directories.get(type)));
    }

    public List<ImportedModule> imports() {
        return directory(Imports.class).map(Imports::modules).orElse(List.of());
    }

    public List<ImportedModule> delayImports() {
        return directory(DelayImports.class).map(DelayImports::modules).orElse(List.of());
    }

    public List<BoundImport> boundImports() {
        return directory(BoundImports.class).map(BoundImports::entries).orElse(List.of());
    }

    public Optional<ExportDirectory> exports() {
        return directory(ExportDirectory.class);
    }

    public boolean isDll() {
        return fileHeader.isDll();
    }

    public int machine() {
        return fileHeader.machine();
    }

    /** The data-directory entry at a header index (the address and size, not the contents). */
    public Optional<DataDirectory> directory(int index) {
        return index < dataDirectories.size() ? Optional.of(dataDirectories.get(index)) : Optional.empty();
    }

    /** The data-directory entry of a registry row. */
    public Optional<DataDirectory> entry(Directory directory) {
        return directory(directory.index());
    }

    /** The loader refuses to relocate such an image: its flag says so, or it has no relocation data. */
    public boolean relocationsStripped() {
        return fileHeader.relocationsStripped()
                || directory(DataDirectory.BASE_RELOCATION).map(d -> !d.isPresent()).orElse(true);
    }
}
