package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;
import pescope.testing.PeWriter;

/**
 * Inputs the property suite (pescope.properties) found to break the reader, each reduced to the
 * shape that did it. Images come from {@link PeWriter} and are then damaged by hand.
 */
class HostileInputRegressionTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int DESCRIPTOR = 20;

    /** Found as "import descriptors never end": 537 copies of one descriptor made lwjgl.dll allocate 394 MB. */
    @Test
    void importDescriptorsThatRepeatOneTableReadItOnce() throws Exception {
        List<PeLayout.ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            symbols.add(PeLayout.ImportedSymbol.byName(i, "Function" + i));
        }
        PeLayout layout = PeLayout.exe32().withSections(PeLayout.Section.data(0x10000, 0x10000))
                .withImports(new PeLayout.ImportedDll("kernel32.dll", symbols));
        byte[] bytes = PeWriter.write(layout);
        PeImage intact = parse(bytes);
        Section room = intact.sections().get(0);
        byte[] descriptor = new byte[DESCRIPTOR];
        System.arraycopy(bytes, (int) offsetOf(intact, intact.directory(DataDirectory.IMPORT).orElseThrow().rva()),
                descriptor, 0, DESCRIPTOR);
        int copies = 2000;
        for (int i = 0; i < copies; i++) {
            System.arraycopy(descriptor, 0, bytes, (int) room.pointerToRawData() + i * DESCRIPTOR, DESCRIPTOR);
        }
        java.util.Arrays.fill(bytes, (int) room.pointerToRawData() + copies * DESCRIPTOR,
                (int) room.pointerToRawData() + (copies + 1) * DESCRIPTOR, (byte) 0);
        putU4(bytes, directoryEntry(intact, DataDirectory.IMPORT), room.virtualAddress());

        long before = THREADS.getCurrentThreadAllocatedBytes();
        PeImage image = parse(bytes);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertEquals(copies, image.imports().size());
        for (ImportedModule module : image.imports()) {
            assertEquals("kernel32.dll", module.dllName());
            assertEquals(intact.imports().get(0).symbols(), module.symbols());
        }
        assertEquals(List.of(new Anomaly(Kind.DIRECTORY_LOOP, "import directory: 1999 descriptors name lookup and"
                + " address tables an earlier descriptor named; read once")), image.anomalies());
        // Reading the 100 symbols 2000 times took 188 MB; once, 2 MB.
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
    }

    /** Found as an export directory overwritten by descriptors: 45,333 EXPORT_NAME_DAMAGED anomalies, 107 MB. */
    @Test
    void aTableOfBadEntriesListsAHundredAnomaliesAndCountsTheRest() throws Exception {
        PeLayout layout = PeLayout.exe32().withSections(PeLayout.Section.data(0x10000, 0x10000))
                .withExports(new PeLayout.Exports("me.dll", 1, List.of(PeLayout.ExportSlot.function("a"),
                        PeLayout.ExportSlot.function("b"), PeLayout.ExportSlot.function("c"))));
        byte[] bytes = PeWriter.write(layout);
        PeImage intact = parse(bytes);
        Section room = intact.sections().get(0);
        int names = 5000;
        for (int i = 0; i < names; i++) {
            putU4(bytes, room.pointerToRawData() + 4L * i, 0xFFFFFFF0L); // a name pointer outside the image
        }
        java.util.Arrays.fill(bytes, (int) room.pointerToRawData() + 4 * names, (int) room.pointerToRawData() + 6 * names, (byte) 0);
        long directory = offsetOf(intact, intact.directory(DataDirectory.EXPORT).orElseThrow().rva());
        putU4(bytes, directory + 24, names);                                  // NumberOfNames
        putU4(bytes, directory + 32, room.virtualAddress());                  // AddressOfNames
        putU4(bytes, directory + 36, room.virtualAddress() + 4L * names);     // AddressOfNameOrdinals

        PeImage image = parse(bytes);

        List<Anomaly> damaged = image.anomalies().stream().filter(a -> a.kind() == Kind.EXPORT_NAME_DAMAGED).toList();
        assertEquals(Anomalies.MAX_LISTED_PER_KIND + 1, damaged.size());
        assertEquals("export name 99 (RVA 0xFFFFFFF0, function index 0) is not readable or not in the address table; skipped",
                damaged.get(99).message());
        assertEquals("4900 more EXPORT_NAME_DAMAGED anomalies, not listed", damaged.get(100).message());
        assertEquals(3, image.exports().orElseThrow().exports().size());
    }

    private static PeImage parse(byte[] bytes) throws NotAPeFileException {
        return PeReader.everything().read("test", ByteBuffer.wrap(bytes));
    }

    private static long offsetOf(PeImage image, long rva) {
        var h = image.optionalHeader();
        return new RvaMapper(image.sections(), h.sectionAlignment(), h.fileAlignment(), h.sizeOfHeaders(), image.fileSize())
                .mapRvaToOffset(rva);
    }

    /** File offset of a data directory's RVA field. */
    private static int directoryEntry(PeImage image, int index) {
        int directories = (int) image.peHeaderOffset() + 24 + (image.optionalHeader().isPe32Plus() ? 112 : 96);
        return directories + 8 * index;
    }

    private static void putU4(byte[] bytes, long offset, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset, (int) value);
    }
}
