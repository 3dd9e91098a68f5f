package pescope.pe;

import java.util.List;
import java.util.Optional;

/** Reads the import, delay-import, bound-import and export directories through the RVA mapper. */
final class DirectoryReader {
    private final ImageBytes bytes;
    private final RvaMapper mapper;
    private final OptionalHeader header;
    private final List<DataDirectory> directories;
    private final List<Anomaly> anomalies;

    DirectoryReader(ImageBytes bytes, RvaMapper mapper, OptionalHeader header, List<DataDirectory> directories, List<Anomaly> anomalies) {
        this.bytes = bytes;
        this.mapper = mapper;
        this.header = header;
        this.directories = directories;
        this.anomalies = anomalies;
    }

    List<ImportedModule> readImports() { return List.of(); }
    List<ImportedModule> readDelayImports() { return List.of(); }
    List<BoundImport> readBoundImports() { return List.of(); }
    Optional<ExportDirectory> readExports() { return Optional.empty(); }
}
