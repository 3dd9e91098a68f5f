package pescope.pe;

import java.util.List;
import java.util.Optional;

/**
 * A parsed PE image: headers, section table, the directories that were asked for, and what
 * looked wrong along the way. Immutable.
 */
public record PeImage(
        String source,
        long fileSize,
        long peHeaderOffset,
        FileHeader fileHeader,
        OptionalHeader optionalHeader,
        List<DataDirectory> dataDirectories,
        List<Section> sections,
        List<ImportedModule> imports,
        List<ImportedModule> delayImports,
        List<BoundImport> boundImports,
        Optional<ExportDirectory> exports,
        List<Anomaly> anomalies,
        DirectoryExtras extras) {

    /** An image without the directories that live in {@link DirectoryExtras}. */
    public PeImage(String source, long fileSize, long peHeaderOffset, FileHeader fileHeader,
            OptionalHeader optionalHeader, List<DataDirectory> dataDirectories, List<Section> sections,
            List<ImportedModule> imports, List<ImportedModule> delayImports, List<BoundImport> boundImports,
            Optional<ExportDirectory> exports, List<Anomaly> anomalies) {
        this(source, fileSize, peHeaderOffset, fileHeader, optionalHeader, dataDirectories, sections, imports,
                delayImports, boundImports, exports, anomalies, DirectoryExtras.NONE);
    }

    public PeImage {
        dataDirectories = List.copyOf(dataDirectories);
        sections = List.copyOf(sections);
        imports = List.copyOf(imports);
        delayImports = List.copyOf(delayImports);
        boundImports = List.copyOf(boundImports);
        anomalies = List.copyOf(anomalies);
    }

    public boolean isDll() {
        return fileHeader.isDll();
    }

    public int machine() {
        return fileHeader.machine();
    }

    /** A directory read into its own record ({@code DebugDirectory.class}, {@code TlsDirectory.class}...), if it was asked for and present. */
    public <T> Optional<T> directory(Class<T> type) {
        return extras.get(type);
    }

    public Optional<DataDirectory> directory(int index) {
        return index < dataDirectories.size() ? Optional.of(dataDirectories.get(index)) : Optional.empty();
    }

    /** The loader refuses to relocate such an image: its flag says so, or it has no relocation data. */
    public boolean relocationsStripped() {
        return fileHeader.relocationsStripped()
                || directory(DataDirectory.BASE_RELOCATION).map(d -> !d.isPresent()).orElse(true);
    }
}
