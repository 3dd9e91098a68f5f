package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;

/**
 * Each cap of the debug, TLS, relocation and exception readers: a table one entry past it stops
 * there with an anomaly, a table exactly at it is read whole without one. The tables are written
 * by hand into a zero-filled .data section of a 64-bit DLL.
 */
class DirectoryLimitsTest {

    @Test
    void debugEntriesPastMaxDebugEntriesAreNotRead() throws Exception {
        PeImage image = withTable(DataDirectory.DEBUG, (DebugReader.MAX_DEBUG_ENTRIES + 1) * DebugReader.ENTRY_SIZE, new byte[0]);

        assertEquals(DebugReader.MAX_DEBUG_ENTRIES, image.directory(DebugDirectory.class).orElseThrow().entries().size());
        assertEquals(List.of("DEBUG_DIRECTORY_TOO_LONG: " + "debug directory holds 257 entries; reading the first 256"),
                anomalies(image, Kind.DEBUG_DIRECTORY_TOO_LONG).stream().map(a -> a.kind() + ": " + a.message()).toList());
    }

    @Test
    void debugDirectoryOfMaxDebugEntriesIsReadWhole() throws Exception {
        PeImage image = withTable(DataDirectory.DEBUG, DebugReader.MAX_DEBUG_ENTRIES * DebugReader.ENTRY_SIZE, new byte[0]);

        assertEquals(DebugReader.MAX_DEBUG_ENTRIES, image.directory(DebugDirectory.class).orElseThrow().entries().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void pogoRangesPastMaxPogoEntriesAreNotRead() throws Exception {
        assertEquals(DebugReader.MAX_POGO_ENTRIES, pogoRanges(DebugReader.MAX_POGO_ENTRIES + 1).entries().size());
    }

    @Test
    void pogoDataOfMaxPogoEntriesIsReadWhole() throws Exception {
        DebugData.Pogo pogo = pogoRanges(DebugReader.MAX_POGO_ENTRIES);

        assertEquals(DebugReader.MAX_POGO_ENTRIES, pogo.entries().size());
        assertEquals(new DebugData.PogoEntry(0x1000 + 4095, 16, ".t"), pogo.entries().get(4095));
    }

    @Test
    void pdbPathLongerThanMaxPdbPathIsCutThere() throws Exception {
        String path = "C:\\" + "p".repeat(DebugReader.MAX_PDB_PATH) + ".pdb";
        ByteBuffer cv = le(24 + path.length() + 1).putInt(0x53445352).putInt(0x11223344).putShort((short) 0x5566)
                .putShort((short) 0x7788).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).putInt(3).put(path.getBytes(StandardCharsets.US_ASCII));
        DebugData.CodeView codeView = (DebugData.CodeView) debugData(DebugEntry.CODEVIEW, cv.array());

        assertEquals("{11223344-5566-7788-0102-030405060708}", codeView.guid());
        assertEquals(3, codeView.age());
        assertEquals(path.substring(0, DebugReader.MAX_PDB_PATH), codeView.pdbPath());
    }

    @Test
    void tlsCallbacksPastMaxTlsCallbacksAreNotRead() throws Exception {
        TlsDirectory tls = tlsWithCallbacks(TlsReader.MAX_TLS_CALLBACKS + 1);

        assertEquals(TlsReader.MAX_TLS_CALLBACKS, tls.callbacks().size());
    }

    @Test
    void tlsCallbacksUpToTheTerminatingZeroAreReadWhole() throws Exception {
        TlsDirectory tls = tlsWithCallbacks(TlsReader.MAX_TLS_CALLBACKS);

        assertEquals(TlsReader.MAX_TLS_CALLBACKS, tls.callbacks().size());
        assertEquals(new TlsDirectory.Callback(0x180001000L, 0x1000), tls.callbacks().get(0));
    }

    @Test
    void relocationBlocksPastMaxRelocationBlocksAreNotRead() throws Exception {
        PeImage image = relocationBlocks(BaseRelocationReader.MAX_RELOCATION_BLOCKS + 1, 0);

        assertEquals(BaseRelocationReader.MAX_RELOCATION_BLOCKS, image.directory(BaseRelocations.class).orElseThrow().blocks().size());
        assertEquals(1, anomalies(image, Kind.RELOCATIONS_TOO_MANY).size());
    }

    @Test
    void relocationDirectoryOfMaxRelocationBlocksIsReadWhole() throws Exception {
        PeImage image = relocationBlocks(BaseRelocationReader.MAX_RELOCATION_BLOCKS, 0);

        assertEquals(BaseRelocationReader.MAX_RELOCATION_BLOCKS, image.directory(BaseRelocations.class).orElseThrow().blocks().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void relocationEntriesPastMaxRelocationEntriesAreNotRead() throws Exception {
        PeImage image = relocationBlocks(1, BaseRelocationReader.MAX_RELOCATION_ENTRIES + 1);

        assertEquals(BaseRelocationReader.MAX_RELOCATION_ENTRIES, image.directory(BaseRelocations.class).orElseThrow().entryCount());
        assertEquals(1, anomalies(image, Kind.RELOCATIONS_TOO_MANY).size());
    }

    @Test
    void relocationBlockOfMaxRelocationEntriesIsReadWhole() throws Exception {
        PeImage image = relocationBlocks(1, BaseRelocationReader.MAX_RELOCATION_ENTRIES);

        assertEquals(BaseRelocationReader.MAX_RELOCATION_ENTRIES, image.directory(BaseRelocations.class).orElseThrow().entryCount());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void runtimeFunctionsPastMaxRuntimeFunctionsAreNotRead() throws Exception {
        PeImage image = withTable(DataDirectory.EXCEPTION, (ExceptionReader.MAX_RUNTIME_FUNCTIONS + 1) * 12, new byte[0]);

        assertEquals(ExceptionReader.MAX_RUNTIME_FUNCTIONS, image.directory(ExceptionTable.class).orElseThrow().functions().size());
        assertEquals(1, anomalies(image, Kind.EXCEPTION_TABLE_TOO_LONG).size());
    }

    @Test
    void exceptionDirectoryOfMaxRuntimeFunctionsIsReadWhole() throws Exception {
        PeImage image = withTable(DataDirectory.EXCEPTION, ExceptionReader.MAX_RUNTIME_FUNCTIONS * 12, new byte[0]);

        assertEquals(ExceptionReader.MAX_RUNTIME_FUNCTIONS, image.directory(ExceptionTable.class).orElseThrow().functions().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void loadConfigHasExactlyTheFieldsItsSizeCovers() throws Exception {
        // In the PE32+ layout EditList fills 0x50-0x57 and SecurityCookie 0x58-0x5F: a Size of 0x5C
        // covers the first and half of the second, so the structure ends with EditList.
        byte[] config = le(0x200).putInt(0x5C).array();
        LoadConfig lc = withTable(DataDirectory.LOAD_CONFIG, 0x5C, config).directory(LoadConfig.class).orElseThrow();

        assertEquals("editList", lc.fields().get(lc.fields().size() - 1).name());
        assertEquals(0x50, lc.fields().get(lc.fields().size() - 1).offset());
        assertTrue(lc.value("securityCookie").isEmpty());
        assertEquals(0, lc.unknownTail());
    }

    @Test
    void loadConfig32HasHeapFlagsBeforeTheAffinityMaskAndEndsWhereSizeSays() throws Exception {
        // An XP-era PE32 load config: Size 0x48 covers the structure through SEHandlerCount.
        ByteBuffer config = le(0x48).putInt(0x48);
        config.putInt(44, 0x11).putInt(48, 0x22).putInt(60, 0x403018).putInt(64, 0x401200).putInt(68, 1);
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(PeLayout.Section.data(0x1000, 0x1000)));
        Section data = image.section(1);
        image.put(data.pointerToRawData(), config.array());
        image.setDirectory(DataDirectory.LOAD_CONFIG, data.virtualAddress(), 0x48);
        LoadConfig lc = image.parse().directory(LoadConfig.class).orElseThrow();

        assertEquals(List.of("size", "timeDateStamp", "majorVersion", "minorVersion", "globalFlagsClear", "globalFlagsSet",
                "criticalSectionDefaultTimeout", "deCommitFreeBlockThreshold", "deCommitTotalFreeThreshold", "lockPrefixTable",
                "maximumAllocationSize", "virtualMemoryThreshold", "processHeapFlags", "processAffinityMask", "csdVersion",
                "dependentLoadFlags", "editList", "securityCookie", "seHandlerTable", "seHandlerCount"),
                lc.fields().stream().map(LoadConfig.Field::name).toList());
        assertEquals(0x11, lc.value("processHeapFlags").orElseThrow());
        assertEquals(0x22, lc.value("processAffinityMask").orElseThrow());
        assertEquals(0x403018, lc.value("securityCookie").orElseThrow());
        assertEquals(0x401200, lc.value("seHandlerTable").orElseThrow());
        assertEquals(1, lc.value("seHandlerCount").orElseThrow());
        assertEquals(68, lc.fields().get(lc.fields().size() - 1).offset());
    }

    @Test
    void loadConfigSizePastTheEndOfTheFileKeepsTheFieldsInTheFile() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x200, 0x200)));
        Section data = image.section(1);
        long start = data.pointerToRawData() + data.sizeOfRawData() - 0x20;
        assertEquals(image.intact.fileSize(), data.pointerToRawData() + data.sizeOfRawData(), "the section ends the file");
        image.put(start, le(4).putInt(0x140).array());
        image.setDirectory(DataDirectory.LOAD_CONFIG, data.virtualAddress() + data.sizeOfRawData() - 0x20, 0x140);
        PeImage read = image.parse();
        LoadConfig lc = read.directory(LoadConfig.class).orElseThrow();

        assertEquals(0x140, lc.size());
        assertEquals("deCommitFreeBlockThreshold", lc.fields().get(lc.fields().size() - 1).name());
        assertEquals(1, anomalies(read, Kind.LOAD_CONFIG_DAMAGED).size(), read.anomalies().toString());
    }

    @Test
    void tlsCallbackOutsideTheImageIsAnAnomaly() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x1000, 0x1000)));
        Section section = image.section(1);
        long base = image.intact.optionalHeader().imageBase();
        image.put(section.pointerToRawData(), le(40).putLong(0).putLong(0).putLong(0)
                .putLong(base + section.virtualAddress() + 0x100).putInt(0).putInt(0).array());
        image.put(section.pointerToRawData() + 0x100, le(16).putLong(0x7FF612340000L).putLong(0).array());
        image.setDirectory(DataDirectory.TLS, section.virtualAddress(), 40);
        PeImage read = image.parse();

        assertEquals(List.of(new TlsDirectory.Callback(0x7FF612340000L, 0x7FF612340000L - base)),
                read.directory(TlsDirectory.class).orElseThrow().callbacks());
        assertEquals(1, anomalies(read, Kind.TLS_CALLBACK_OUTSIDE_IMAGE).size(), read.anomalies().toString());
    }

    @Test
    void relocationBlockForAPagePastTheImageIsAnAnomalyAndStillRead() throws Exception {
        ByteBuffer table = le(12).putInt(0x40000000).putInt(12).putShort((short) 0xA010).putShort((short) 0);
        PeImage image = withTable(DataDirectory.BASE_RELOCATION, 12, table.array());

        assertEquals(0x40000000L, image.directory(BaseRelocations.class).orElseThrow().blocks().get(0).pageRva());
        assertEquals(1, anomalies(image, Kind.RELOCATION_OUTSIDE_IMAGE).size(), image.anomalies().toString());
    }

    // ---- building the images --------------------------------------------------------------

    private static final int SECTION = 0x800000;

    /** A 64-bit DLL whose .data section starts with {@code content}; directory {@code index} covers {@code size} bytes there. */
    private static PeImage withTable(int index, long size, byte[] content) throws Exception {
        long room = Math.max(0x1000, (size + content.length + 0xFFF) / 0x1000 * 0x1000 + 0x1000);
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(room, room)));
        Section data = image.section(1);
        image.put(data.pointerToRawData(), content);
        image.setDirectory(index, data.virtualAddress(), size);
        return image.parse();
    }

    private static DebugData debugData(int type, byte[] data) throws Exception {
        ByteBuffer table = le(DebugReader.ENTRY_SIZE + 0x10 + data.length);
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x10000, 0x10000)));
        Section section = image.section(1);
        long dataOffset = section.pointerToRawData() + 0x40;
        table.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(type).putInt(data.length)
                .putInt((int) section.virtualAddress() + 0x40).putInt((int) dataOffset);
        image.put(section.pointerToRawData(), java.util.Arrays.copyOf(table.array(), DebugReader.ENTRY_SIZE));
        image.put(dataOffset, data);
        image.setDirectory(DataDirectory.DEBUG, section.virtualAddress(), DebugReader.ENTRY_SIZE);
        return image.parse().directory(DebugDirectory.class).orElseThrow().entries().get(0).data().orElseThrow();
    }

    private static DebugData.Pogo pogoRanges(int count) throws Exception {
        ByteBuffer pogo = le(4 + 12 * count).putInt(0x4C544347);
        for (int i = 0; i < count; i++) {
            pogo.putInt(0x1000 + i).putInt(16).put(new byte[] {'.', 't', 0, 0});
        }
        return (DebugData.Pogo) debugData(DebugEntry.POGO, pogo.array());
    }

    private static TlsDirectory tlsWithCallbacks(int count) throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x10000, 0x10000)));
        Section section = image.section(1);
        long base = image.intact.optionalHeader().imageBase();
        long arrayRva = section.virtualAddress() + 0x100;
        ByteBuffer tls = le(40).putLong(base + 0x3000).putLong(base + 0x3008).putLong(base + 0x3010)
                .putLong(base + arrayRva).putInt(0).putInt(0);
        image.put(section.pointerToRawData(), tls.array());
        ByteBuffer callbacks = le(8 * (count + 1));
        for (int i = 0; i < count; i++) {
            callbacks.putLong(base + 0x1000 + i);
        }
        // one past the cap: the slot after the last is not 0 either
        if (count > TlsReader.MAX_TLS_CALLBACKS) {
            callbacks.putLong(base + 0x2000);
        }
        image.put(section.pointerToRawData() + 0x100, callbacks.array());
        image.setDirectory(DataDirectory.TLS, section.virtualAddress(), 40);
        return image.parse().directory(TlsDirectory.class).orElseThrow();
    }

    /** {@code blocks} relocation blocks, the first with {@code entries} HIGHLOW entries, the others empty. */
    private static PeImage relocationBlocks(int blocks, int entries) throws Exception {
        ByteBuffer table = le(8L * blocks + 2L * entries);
        table.putInt(0x1000).putInt(8 + 2 * entries);
        for (int i = 0; i < entries; i++) {
            table.putShort((short) (0x3000 | (i & 0xFFF)));
        }
        for (int b = 1; b < blocks; b++) {
            table.putInt(0x1000).putInt(8);
        }
        return withTable(DataDirectory.BASE_RELOCATION, table.capacity(), table.array());
    }

    private static ByteBuffer le(long size) {
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static List<Anomaly> anomalies(PeImage image, Kind kind) {
        return image.anomalies().stream().filter(a -> a.kind() == kind).toList();
    }
}
