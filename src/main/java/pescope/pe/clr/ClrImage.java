package pescope.pe.clr;

import java.util.List;
import java.util.Optional;
import pescope.pe.Anomaly;

/**
 * What a .NET image says about itself: its CLR header, the metadata's runtime version, its own
 * assembly identity (absent in a netmodule), the assemblies and native modules it references, and
 * every P/Invoke; the metadata streams and tables. {@code header} is null when the CLR header
 * is not in the file. Anomalies are the CLR header's and the metadata's.
 */
public record ClrImage(ClrHeader header, String runtimeVersion, Optional<AssemblyIdentity> assembly,
        List<AssemblyIdentity> assemblyRefs, List<String> moduleRefs, List<PInvokeImport> pinvokes,
        List<MetadataStream> streams, List<MetadataTableSummary> tables, List<Anomaly> anomalies) {

    public ClrImage {
        streams = List.copyOf(streams);
        tables = List.copyOf(tables);
        assemblyRefs = List.copyOf(assemblyRefs);
        moduleRefs = List.copyOf(moduleRefs);
        pinvokes = List.copyOf(pinvokes);
        anomalies = List.copyOf(anomalies);
    }
}
