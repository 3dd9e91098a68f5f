package pescope.pe.clr;

import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pescope.format.MetadataRoot;
import pescope.format.MetadataStreamHeader;
import pescope.format.MetadataTable;
import pescope.format.MetadataTablesHeader;
import pescope.pe.Anomaly.Kind;

/**
 * Reads a metadata block (ECMA-335 II.24): the root, the stream headers, the table stream's row
 * counts and the rows of every table it can place. Self-contained: it sees only the bytes of the
 * block, so it knows nothing of PE files and tests can feed it any bytes.
 *
 * <p>Hostile input: every count is bounded by the bytes that could hold it before it sizes a
 * loop; a table whose rows run past the stream keeps the rows that fit; a stream outside the
 * block is dropped; each problem is an anomaly and the rest is read.
 */
public final class MetadataReader {

    static final long SIGNATURE = 0x424A5342L;
    /** ECMA-335 II.24.2.1: the version string is at most 255 bytes. */
    static final int MAX_VERSION_LENGTH = 255;
    /** A real block has five streams; past this a count is taken as garbage. */
    static final int MAX_STREAMS = 16;
    /** ECMA-335 II.24.2.2: stream names are at most 32 characters, plus the terminator. */
    static final int MAX_STREAM_NAME = 32;
    private static final int ROOT_FIXED = 16;
    private static final int STREAM_HEADER_FIXED = 8;
    private static final int TABLES_HEADER = 24;
    /** Enough for the widest row (Assembly/AssemblyRef with every index 4 bytes). */
    private static final int LARGEST_ROW = 64;

    private MetadataReader() {}

    /** Reads the metadata block in {@code block} (position 0 is the "BSJB" signature). */
    public static Metadata read(ByteBuffer block) {
        return new Read(block.slice().order(ByteOrder.LITTLE_ENDIAN)).run();
    }

    private static final class Read {
        private final ByteBuffer block;
        private final MetadataAnomalies anomalies = new MetadataAnomalies();
        private final Map<String, ByteBuffer> streams = new HashMap<>();
        private final List<MetadataStream> streamHeaders = new ArrayList<>();
        private String version = "";
        private int majorVersion;
        private int minorVersion;

        Read(ByteBuffer block) {
            this.block = block;
        }

        Metadata run() {
            if (!readRoot()) {
                return Metadata.empty(version, anomalies.toList());
            }
            ByteBuffer empty = ByteBuffer.allocate(0);
            Heaps heaps = new Heaps(streams.getOrDefault("#Strings", empty), streams.getOrDefault("#Blob", empty),
                    streams.getOrDefault("#GUID", empty), anomalies, block.capacity());
            ByteBuffer tables = streams.containsKey("#~") ? streams.get("#~") : streams.get("#-");
            if (tables == null) {
                anomalies.add(Kind.METADATA_STREAM_DAMAGED, "metadata has no #~ or #- table stream");
                return new Metadata(version, majorVersion, minorVersion, streamHeaders, TableStream.NONE,
                        new long[64], Map.of(), heaps, anomalies);
            }
            TableStream layout = readTableStream(tables);
            return new Metadata(version, majorVersion, minorVersion, streamHeaders, layout.header(),
                    layout.rowCounts(), layout.rows(), heaps, anomalies);
        }

        private boolean readRoot() {
            if (block.capacity() < ROOT_FIXED || Integer.toUnsignedLong(block.getInt(0)) != SIGNATURE) {
                anomalies.add(Kind.METADATA_DAMAGED, "metadata root: no BSJB signature at the start of the block");
                return false;
            }
            long versionLength = Integer.toUnsignedLong(block.getInt(12));
            if (versionLength > MAX_VERSION_LENGTH || ROOT_FIXED + versionLength + 4 > block.capacity()) {
                anomalies.add(Kind.METADATA_DAMAGED,
                        "metadata root: version length %d is over %d or past the block (0x%X bytes)",
                        versionLength, MAX_VERSION_LENGTH, block.capacity());
                return false;
            }
            int rootLength = ROOT_FIXED + (int) versionLength + 4;
            MetadataRoot root = new MetadataRoot(new ByteBufferKaitaiStream(block.slice(0, rootLength)));
            version = root.version().value();
            majorVersion = root.majorVersion();
            minorVersion = root.minorVersion();
            int count = root.numberOfStreams();
            if (count > MAX_STREAMS) {
                anomalies.add(Kind.METADATA_DAMAGED, "metadata root: %d streams; reading the first %d", count, MAX_STREAMS);
                count = MAX_STREAMS;
            }
            int at = rootLength;
            for (int i = 0; i < count; i++) {
                int window = Math.min(STREAM_HEADER_FIXED + MAX_STREAM_NAME + 4, block.capacity() - at);
                if (window < STREAM_HEADER_FIXED + 1) {
                    anomalies.add(Kind.METADATA_DAMAGED,
                            "metadata root: stream header %d of %d at 0x%X runs past the block", i, count, at);
                    break;
                }
                MetadataStreamHeader header = new MetadataStreamHeader(new ByteBufferKaitaiStream(block.slice(at, window)));
                if (header.padding() == null && header.paddingLength() > 0) {
                    anomalies.add(Kind.METADATA_DAMAGED,
                            "metadata root: stream header %d of %d at 0x%X runs past the block", i, count, at);
                    break;
                }
                at += (int) header.length();
                addStream(header);
            }
            return true;
        }

        private void addStream(MetadataStreamHeader header) {
            String name = header.name();
            MetadataStream stream = new MetadataStream(name, header.offset(), header.size());
            streamHeaders.add(stream);
            if (header.offset() > block.capacity() || header.size() > block.capacity() - header.offset()) {
                anomalies.add(Kind.METADATA_STREAM_DAMAGED,
                        "stream %s at 0x%X+0x%X runs past the metadata block (0x%X bytes); %s", name, header.offset(),
                        header.size(), block.capacity(), header.offset() < block.capacity() ? "cut to fit" : "ignored");
                if (header.offset() >= block.capacity()) {
                    return;
                }
            }
            if (streams.containsKey(name)) {
                anomalies.add(Kind.METADATA_STREAM_DAMAGED, "stream %s appears twice; the first is used", name);
                return;
            }
            int offset = (int) header.offset();
            int size = (int) Math.min(header.size(), block.capacity() - header.offset());
            streams.put(name, block.slice(offset, size).order(ByteOrder.LITTLE_ENDIAN));
        }

        private record TableStream(TablesHeader header, long[] rowCounts, Map<Integer, Metadata.TableWindow> rows) {
            static final TablesHeader NONE = new TablesHeader(0, 0, 0, 0, 0);
        }

        private TableStream readTableStream(ByteBuffer stream) {
            long[] declared = new long[64];
            if (stream.capacity() < TABLES_HEADER) {
                anomalies.add(Kind.METADATA_TABLE_DAMAGED, "table stream is %d bytes, too short for its header", stream.capacity());
                return new TableStream(TableStream.NONE, declared, Map.of());
            }
            MetadataTablesHeader raw = new MetadataTablesHeader(new ByteBufferKaitaiStream(stream.slice(0, TABLES_HEADER)));
            TablesHeader header = new TablesHeader(raw.majorVersion(), raw.minorVersion(), raw.heapSizes(),
                    raw.valid(), raw.sorted());
            int present = Long.bitCount(raw.valid());
            long at = TABLES_HEADER;
            for (int table = 0; table < 64; table++) {
                if ((raw.valid() & (1L << table)) == 0) {
                    continue;
                }
                if (at + 4 > stream.capacity()) {
                    anomalies.add(Kind.METADATA_TABLE_DAMAGED,
                            "table stream: row counts for %d tables run past the stream (0x%X bytes)", present, stream.capacity());
                    return new TableStream(header, new long[64], Map.of());
                }
                declared[table] = Integer.toUnsignedLong(stream.getInt((int) at));
                at += 4;
            }
            if (raw.hasExtraData()) {
                at += 4;
            }
            for (int table = MetadataTableId.LAST_KNOWN + 1; table < 64; table++) {
                if (declared[table] != 0 || (raw.valid() & (1L << table)) != 0) {
                    anomalies.add(Kind.METADATA_TABLE_DAMAGED,
                            "table stream: table 0x%02X is not an ECMA-335 table; tables after it cannot be placed", table);
                    break;
                }
            }
            byte[] widths = indexWidths(declared, raw);
            return placeTables(stream, at, declared, widths, header);
        }

        /** Lays the tables out one after another and decodes each; a table that does not fit keeps what does. */
        private TableStream placeTables(ByteBuffer stream, long start, long[] declared, byte[] widths, TablesHeader header) {
            long[] rowCounts = new long[64];
            Map<Integer, Metadata.TableWindow> rows = new HashMap<>();
            long at = start;
            for (int table = 0; table <= MetadataTableId.LAST_KNOWN; table++) {
                if (declared[table] == 0) {
                    continue;
                }
                int rowSize = rowSize(table, widths);
                long room = Math.max(0, stream.capacity() - at) / rowSize;
                long count = declared[table];
                if (count > room) {
                    anomalies.add(Kind.METADATA_TABLE_DAMAGED,
                            "table %s: %d rows of %d bytes declared at 0x%X, only %d fit in the stream (0x%X bytes)",
                            MetadataTableId.name(table), count, rowSize, at, room, stream.capacity());
                    count = room;
                }
                rowCounts[table] = count;
                if (count > 0) {
                    ByteBuffer window = stream.slice((int) at, (int) (count * rowSize));
                    rows.put(table, new Metadata.TableWindow(table, count, window, widths));
                }
                at += declared[table] * rowSize;
                if (at > stream.capacity()) {
                    at = stream.capacity();
                }
            }
            return new TableStream(header, rowCounts, rows);
        }

        /** The row size the ksy gives table {@code table} under these widths: one row parsed from zeros. */
        private static int rowSize(int table, byte[] widths) {
            ByteBufferKaitaiStream zeros = new ByteBufferKaitaiStream(new byte[LARGEST_ROW]);
            new MetadataTable(zeros, table, 1, widths);
            return (int) zeros.pos();
        }

        /** ECMA-335 II.24.2.6: every index is 2 bytes unless what it points at is too large. */
        private static byte[] indexWidths(long[] rowCounts, MetadataTablesHeader header) {
            byte[] widths = new byte[MetadataTable.IndexKind.values().length + 64];
            for (int table = 0; table < 64; table++) {
                widths[table] = (byte) (rowCounts[table] < 0x10000 ? 2 : 4);
            }
            widths[(int) MetadataTable.IndexKind.STRINGS.id()] = (byte) header.stringsIndexSize();
            widths[(int) MetadataTable.IndexKind.GUID.id()] = (byte) header.guidIndexSize();
            widths[(int) MetadataTable.IndexKind.BLOB.id()] = (byte) header.blobIndexSize();
            int first = (int) MetadataTable.IndexKind.TYPE_DEF_OR_REF.id();
            for (CodedIndex coded : CodedIndex.values()) {
                widths[first + coded.ordinal()] = (byte) coded.width(rowCounts);
            }
            return widths;
        }
    }
}
