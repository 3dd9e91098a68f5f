package pescope.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.RvaMapper;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;
import pescope.pe.clr.Metadata;
import pescope.pe.clr.MetadataReader;
import pescope.pe.clr.MetadataStream;
import pescope.pe.clr.MetadataTableId;
import pescope.pe.clr.MetadataTableSummary;

/**
 * The metadata reader on hostile blocks: our P/Invoke assembly's metadata with counts, indexes,
 * stream headers and heap bytes overwritten, and arbitrary bytes after a "BSJB" signature. It
 * gives a model with anomalies, never an exception, within a time and an allocation bound; and
 * the examples below pin what a reader keeps when one part is damaged.
 */
class MetadataReaderProperties {

    static final Duration TIME_LIMIT = Duration.ofSeconds(2);
    static final long ALLOCATION_PER_BYTE = 64;
    static final long ALLOCATION_ALLOWANCE = 16L << 20;
    private static final Path PINVOKE = Path.of("testdata/clr/pinvoke.exe");
    private static final int[] EXTREMES = {0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF};

    /** One overwrite: a value of 1, 2 or 4 bytes at an offset in the block. */
    record Write(int offset, int width, int value) {}

    @Property(tries = 2000)
    void overwrittenMetadataGivesAModelNeverAnException(@ForAll("writes") List<Write> writes) throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        for (Write w : writes) {
            int at = Math.floorMod(w.offset(), block.length - 4);
            for (int i = 0; i < w.width(); i++) {
                block[at + i] = (byte) (w.value() >>> (8 * i));
            }
        }
        readEverything(block);
    }

    @Property(tries = 1000)
    void anyBytesAfterTheSignatureGiveAModel(@ForAll("tails") byte[] tail) {
        byte[] block = new byte[4 + tail.length];
        block[0] = 'B';
        block[1] = 'S';
        block[2] = 'J';
        block[3] = 'B';
        System.arraycopy(tail, 0, block, 4, tail.length);
        readEverything(block);
    }

    /** The same overwrites anywhere in the whole file: CLR header, data directory, sections. */
    @Property(tries = 1000)
    void overwrittenAssemblyFilesGiveAClrModelOrNone(@ForAll("writes") List<Write> writes) throws Exception {
        byte[] file = Files.readAllBytes(PINVOKE);
        for (Write w : writes) {
            int at = Math.floorMod(w.offset() * 7, file.length - 4);
            for (int i = 0; i < w.width(); i++) {
                file[at + i] = (byte) (w.value() >>> (8 * i));
            }
        }
        BoundedRun.Outcome<Object> outcome = BoundedRun.run("CLR read", TIME_LIMIT, () -> {
            PeImage image;
            try {
                image = PeReader.headersOnly().read("mutated", ByteBuffer.wrap(file));
            } catch (pescope.pe.NotAPeFileException e) {
                return null;
            }
            return ClrReader.read(image, ByteBuffer.wrap(file));
        });
        if (outcome.thrown() != null) {
            fail("CLR reader threw", outcome.thrown());
        }
        assertTrue(outcome.allocatedBytes() <= ALLOCATION_ALLOWANCE + ALLOCATION_PER_BYTE * file.length);
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        // Most writes land in the first 0x300 bytes: root, stream headers, row counts, first rows.
        Arbitrary<Integer> offsets = Arbitraries.oneOf(Arbitraries.integers().between(0, 0x300),
                Arbitraries.integers().between(0, Integer.MAX_VALUE));
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.of(toList(EXTREMES)), Arbitraries.integers());
        Arbitrary<Write> write = Combinators.combine(offsets, Arbitraries.of(1, 2, 4), values).as(Write::new);
        return write.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> tails() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(512);
    }

    @Test
    void anImplMapRowNamingAMissingModuleRefKeepsTheOtherRows() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        int row = tableOffset(block, MetadataTableId.IMPL_MAP);
        // ImplMap row: MappingFlags u2, MemberForwarded u2, ImportName u2, ImportScope u2 (all 2-byte here).
        putU2(block, row + 6, 0x7777);
        ClrImage clr = ClrReader.model(null, MetadataReader.read(ByteBuffer.wrap(block)), List.of());
        assertEquals(9, clr.pinvokes().size());
        assertEquals(null, clr.pinvokes().get(0).module());
        assertEquals("Exact", clr.pinvokes().get(0).entryPoint());
        assertEquals("clrnative.dll", clr.pinvokes().get(1).module());
        assertEquals(List.of(Anomaly.Kind.METADATA_INDEX_OUT_OF_RANGE), kinds(clr));
    }

    @Test
    void aRowCountPastTheStreamKeepsTheRowsThatFitAndTheTablesBefore() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        Metadata intact = MetadataReader.read(ByteBuffer.wrap(block.clone()));
        // AssemblyRef is the last table; its row count is the last u4 of the counts.
        int countsEnd = tableOffset(block, MetadataTableId.MODULE);
        // 2047: as many as leaves every coded index that can point at AssemblyRef 2 bytes wide (HasCustomAttribute has 11 bits).
        putU4(block, countsEnd - 4, 0x7FF);
        Metadata damaged = MetadataReader.read(ByteBuffer.wrap(block));
        assertEquals(intact.rowCount(MetadataTableId.IMPL_MAP), damaged.rowCount(MetadataTableId.IMPL_MAP));
        assertTrue(damaged.rowCount(MetadataTableId.ASSEMBLY_REF) < 0x7FF);
        assertTrue(damaged.rowCount(MetadataTableId.ASSEMBLY_REF) >= 1);
        assertTrue(damaged.anomalies().stream().anyMatch(a -> a.kind() == Anomaly.Kind.METADATA_TABLE_DAMAGED
                && a.message().startsWith("table AssemblyRef: 2047 rows")), damaged.anomalies().toString());
        assertEquals("mscorlib", ClrReader.model(null, damaged, List.of()).assemblyRefs().get(0).name());
    }

    @Test
    void aRowCountThatOverflowsIsBoundedByTheStream() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        int countsEnd = tableOffset(block, MetadataTableId.MODULE);
        for (int at = countsEnd - 4; at >= countsEnd - 4 * 12; at -= 4) {
            putU4(block, at, 0xFFFFFFFF);
        }
        Metadata damaged = MetadataReader.read(ByteBuffer.wrap(block));
        long rows = 0;
        for (MetadataTableSummary t : damaged.tableSummaries()) {
            rows += t.rows() * t.rowSize();
        }
        assertTrue(rows <= block.length, "rows fit in the block");
        readEverything(block);
    }

    @Test
    void overlappingHeapsAreReadWithinTheirBounds() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        Metadata intact = MetadataReader.read(ByteBuffer.wrap(block.clone()));
        MetadataStream strings = intact.streams().stream().filter(s -> s.name().equals("#Strings")).findFirst().orElseThrow();
        // Make #Blob start where #Strings does: the two heaps now overlap.
        int blobHeader = streamHeaderOffset(block, "#Blob");
        putU4(block, blobHeader, (int) strings.offset());
        ClrImage clr = ClrReader.model(null, MetadataReader.read(ByteBuffer.wrap(block)), List.of());
        assertEquals(List.of("clrnative.dll", "clrnative", "nosuchlib.dll"), clr.moduleRefs());
        assertEquals(9, clr.pinvokes().size());
    }

    @Test
    void anUncompressedTableStreamReadsTheSame() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        int header = streamHeaderOffset(block, "#~");
        block[header + 9] = '-';
        ClrImage clr = ClrReader.model(null, MetadataReader.read(ByteBuffer.wrap(block)), List.of());
        assertEquals(List.of(), clr.anomalies());
        assertEquals(9, clr.pinvokes().size());
        assertEquals("PInvokeApp::Missing", clr.pinvokes().get(8).method());
    }

    @Test
    void aSecondTableStreamIsIgnoredWithAnAnomaly() throws Exception {
        byte[] block = metadataBlock(PINVOKE);
        int header = streamHeaderOffset(block, "#GUID");
        // Rename #GUID to #~\0\0\0: now two table streams; the first is used.
        block[header + 9] = '~';
        block[header + 10] = 0;
        ClrImage clr = ClrReader.model(null, MetadataReader.read(ByteBuffer.wrap(block)), List.of());
        assertEquals(9, clr.pinvokes().size());
        assertTrue(clr.anomalies().stream().anyMatch(a -> a.message().equals("stream #~ appears twice; the first is used")),
                clr.anomalies().toString());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void readEverything(byte[] block) {
        long limit = ALLOCATION_ALLOWANCE + ALLOCATION_PER_BYTE * block.length;
        BoundedRun.Outcome<ClrImage> outcome = BoundedRun.run("metadata read", TIME_LIMIT, () -> {
            Metadata metadata = MetadataReader.read(ByteBuffer.wrap(block));
            for (int table = 0; table <= MetadataTableId.LAST_KNOWN; table++) {
                metadata.rows(table);
            }
            return ClrReader.model(null, metadata, List.of());
        });
        if (outcome.thrown() != null) {
            fail("metadata reader threw", outcome.thrown());
        }
        assertTrue(outcome.allocatedBytes() <= limit,
                "allocated " + outcome.allocatedBytes() + " bytes for a block of " + block.length);
    }

    static byte[] metadataBlock(Path file) throws Exception {
        PeImage image = PeReader.headersOnly().read(file);
        byte[] bytes = Files.readAllBytes(file);
        ClrImage clr = ClrReader.read(image, ByteBuffer.wrap(bytes)).orElseThrow();
        RvaMapper mapper = new RvaMapper(image.sections(), image.optionalHeader().sectionAlignment(),
                image.optionalHeader().fileAlignment(), image.optionalHeader().sizeOfHeaders(), bytes.length);
        int offset = (int) mapper.mapRvaToOffset(clr.header().metadata().rva());
        byte[] block = new byte[(int) clr.header().metadata().size()];
        System.arraycopy(bytes, offset, block, 0, block.length);
        return block;
    }

    /** Where the rows of {@code table} start in the block (Module's start is the end of the row counts). */
    private static int tableOffset(byte[] block, int table) {
        Metadata metadata = MetadataReader.read(ByteBuffer.wrap(block.clone()));
        MetadataStream tables = metadata.streams().stream().filter(s -> s.name().equals("#~")).findFirst().orElseThrow();
        int at = (int) tables.offset() + 24 + 4 * Long.bitCount(metadata.tablesHeader().valid());
        for (MetadataTableSummary t : metadata.tableSummaries()) {
            if (t.id() == table) {
                return at;
            }
            at += (int) (t.rows() * t.rowSize());
        }
        return at;
    }

    /** Where the header of stream {@code name} is: after the root's version string, headers one after another. */
    private static int streamHeaderOffset(byte[] block, String name) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int at = 16 + b.getInt(12) + 4;
        while (true) {
            int nameStart = at + 8;
            int end = nameStart;
            while (block[end] != 0) {
                end++;
            }
            if (new String(block, nameStart, end - nameStart, java.nio.charset.StandardCharsets.US_ASCII).equals(name)) {
                return at;
            }
            at = nameStart + ((end - nameStart + 1 + 3) & ~3);
        }
    }

    private static List<Anomaly.Kind> kinds(ClrImage clr) {
        List<Anomaly.Kind> kinds = new ArrayList<>();
        clr.anomalies().forEach(a -> kinds.add(a.kind()));
        return kinds;
    }

    private static void putU2(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    private static void putU4(byte[] b, int at, int value) {
        putU2(b, at, value);
        putU2(b, at + 2, value >>> 16);
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int v : values) {
            list.add(v);
        }
        return list;
    }
}
