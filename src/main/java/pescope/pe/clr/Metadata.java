package pescope.pe.clr;

import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStruct;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pescope.format.MetadataTable;
import pescope.pe.Anomaly;

/**
 * A read metadata block: root version, streams, table row counts, and the rows of any table,
 * decoded from the table stream when first asked for (mscorlib has hundreds of thousands of rows
 * and a P/Invoke check needs a few tables).
 */
public final class Metadata {

    /** Where one table's rows lie, and the index widths they were laid out with. */
    record TableWindow(int table, long rows, ByteBuffer bytes, byte[] widths) {
        List<KaitaiStruct> decode() {
            return List.copyOf(new MetadataTable(new ByteBufferKaitaiStream(bytes.duplicate()), table, rows, widths).rows());
        }
    }

    private final String version;
    private final int majorVersion;
    private final int minorVersion;
    private final List<MetadataStream> streams;
    private final TablesHeader tablesHeader;
    private final long[] rowCounts;
    private final Map<Integer, TableWindow> tables;
    private final Map<Integer, List<KaitaiStruct>> decoded = new HashMap<>();
    private final Heaps heaps;
    private final MetadataAnomalies anomalies;

    Metadata(String version, int majorVersion, int minorVersion, List<MetadataStream> streams,
            TablesHeader tablesHeader, long[] rowCounts, Map<Integer, TableWindow> tables, Heaps heaps,
            MetadataAnomalies anomalies) {
        this.version = version;
        this.majorVersion = majorVersion;
        this.minorVersion = minorVersion;
        this.streams = List.copyOf(streams);
        this.tablesHeader = tablesHeader;
        this.rowCounts = rowCounts.clone();
        this.tables = Map.copyOf(tables);
        this.heaps = heaps;
        this.anomalies = anomalies;
    }

    static Metadata empty(String version, List<Anomaly> found) {
        MetadataAnomalies anomalies = new MetadataAnomalies();
        found.forEach(a -> anomalies.add(a.kind(), "%s", a.message()));
        ByteBuffer none = ByteBuffer.allocate(0);
        return new Metadata(version, 0, 0, List.of(), new TablesHeader(0, 0, 0, 0, 0), new long[64], Map.of(),
                new Heaps(none, none, none, anomalies, 0), anomalies);
    }

    /** The runtime version string of the root, e.g. "v4.0.30319". */
    public String version() {
        return version;
    }

    public int majorVersion() {
        return majorVersion;
    }

    public int minorVersion() {
        return minorVersion;
    }

    public List<MetadataStream> streams() {
        return streams;
    }

    public TablesHeader tablesHeader() {
        return tablesHeader;
    }

    /** Rows of table {@code table} that lie in the stream (fewer than declared when it is cut short). */
    public long rowCount(int table) {
        return table >= 0 && table < 64 ? rowCounts[table] : 0;
    }

    /** Bytes per row of a present table, as the index widths of this stream make it; 0 when absent. */
    public int rowSize(int table) {
        TableWindow window = tables.get(table);
        return window == null || window.rows() == 0 ? 0 : (int) (window.bytes().capacity() / window.rows());
    }

    /** Every table with rows in the stream, in table order. */
    public List<MetadataTableSummary> tableSummaries() {
        List<MetadataTableSummary> summaries = new java.util.ArrayList<>();
        for (int table = 0; table <= MetadataTableId.LAST_KNOWN; table++) {
            if (rowCount(table) > 0) {
                summaries.add(new MetadataTableSummary(table, MetadataTableId.name(table), rowCount(table), rowSize(table)));
            }
        }
        return summaries;
    }

    /** The rows of a table, as the ksy's row type for it; empty when the table is absent. */
    @SuppressWarnings("unchecked")
    public <T extends KaitaiStruct> List<T> rows(int table) {
        TableWindow window = tables.get(table);
        if (window == null) {
            return List.of();
        }
        return (List<T>) decoded.computeIfAbsent(table, t -> window.decode());
    }

    MetadataAnomalies anomaliesSink() {
        return anomalies;
    }

    Heaps heaps() {
        return heaps;
    }

    /** What was found wrong so far, reading the block and decoding the rows asked for. */
    public List<Anomaly> anomalies() {
        return anomalies.toList();
    }
}
