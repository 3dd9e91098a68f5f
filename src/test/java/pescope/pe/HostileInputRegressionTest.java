package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;

/**
 * Inputs the property suite (pescope.properties) found to break the reader, each reduced to the
 * shape that did it.
 */
class HostileInputRegressionTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int DESCRIPTOR = 20;

    /** Found as "import descriptors never end": 537 copies of one descriptor made lwjgl.dll allocate 394 MB. */
    @Test
    void importDescriptorsThatRepeatOneTableReadItOnce() throws Exception {
        List<ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            symbols.add(ImportedSymbol.byName(i, "Function" + i));
        }
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(PeLayout.Section.data(0x10000, 0x10000))
                .withImports(new ImportedDll("kernel32.dll", symbols)));
        byte[] descriptor = Arrays.copyOfRange(image.bytes, (int) image.directoryOffset(DataDirectory.IMPORT),
                (int) image.directoryOffset(DataDirectory.IMPORT) + DESCRIPTOR);
        Section room = image.section(1);
        int copies = 150;
        for (int i = 0; i < copies; i++) {
            image.put(room.pointerToRawData() + (long) i * DESCRIPTOR, descriptor);
        }
        image.put(room.pointerToRawData() + (long) copies * DESCRIPTOR, new byte[DESCRIPTOR])
                .setDirectory(DataDirectory.IMPORT, room.virtualAddress(), (copies + 1) * DESCRIPTOR);

        long before = THREADS.getCurrentThreadAllocatedBytes();
        PeImage read = image.parse();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertEquals(copies, read.imports().size());
        for (ImportedModule module : read.imports()) {
            assertEquals("kernel32.dll", module.dllName());
            assertEquals(image.intact.imports().get(0).symbols(), module.symbols());
        }
        assertEquals(List.of(finding(Kind.DIRECTORY_LOOP, "import directory: 149 descriptors name lookup and"
                + " address tables an earlier descriptor named; read once")), findings(read));
        // Before the fix, 2000 such descriptors took 188 MB; read once, these 150 take 0.7 MB.
        assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
    }

    /** Found as an export directory overwritten by descriptors: 45,333 EXPORT_NAME_DAMAGED anomalies, 107 MB. */
    @Test
    void aTableOfBadEntriesListsAHundredAnomaliesAndCountsTheRest() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(PeLayout.Section.data(0x10000, 0x10000))
                .withExports(new PeLayout.Exports("me.dll", 1, List.of(PeLayout.ExportSlot.function("a"),
                        PeLayout.ExportSlot.function("b"), PeLayout.ExportSlot.function("c")))));
        Section room = image.section(1);
        int names = 5000;
        for (int i = 0; i < names; i++) {
            image.putU4(room.pointerToRawData() + 4L * i, 0xFFFFFFF0L); // a name pointer outside the image
            image.putU2(room.pointerToRawData() + 4L * names + 2L * i, 0);
        }
        long directory = image.directoryOffset(DataDirectory.EXPORT);
        image.putU4(directory + 24, names)                                  // NumberOfNames
                .putU4(directory + 32, room.virtualAddress())               // AddressOfNames
                .putU4(directory + 36, room.virtualAddress() + 4L * names); // AddressOfNameOrdinals

        PeImage read = image.parse();

        List<Anomaly> damaged = read.anomalies().stream().filter(a -> a.kind() == Kind.EXPORT_NAME_DAMAGED).toList();
        assertEquals(Anomalies.MAX_LISTED_PER_KIND + 1, damaged.size());
        assertEquals("export name 99 (RVA 0xFFFFFFF0, function index 0) is not readable or not in the address table; skipped",
                damaged.get(99).message());
        assertEquals("4900 more EXPORT_NAME_DAMAGED anomalies, not listed", damaged.get(100).message());
        assertEquals(3, read.exports().orElseThrow().exports().size());
    }

    /**
     * Found as one flipped bit in a section size of jnidispatch.dll (JNA 3.5.2, x64): the import
     * directory then lay on code, whose "lookup tables" overlapped, and 112,757 symbols (149 MB)
     * were read from a 195 KB file. Here: 1000 descriptors whose tables start one entry apart.
     */
    @Test
    void overlappingLookupTablesReadNoMoreSymbolsThanTheFileHasEntries() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32()
                .withSections(PeLayout.Section.data(0x10000, 0x10000), PeLayout.Section.data(0x8000, 0x8000))
                .withImports(ImportedDll.of("kernel32.dll", ImportedSymbol.byOrdinal(1))));
        Section thunks = image.section(1);
        for (long at = 0; at < thunks.sizeOfRawData(); at += 4) {
            image.putU4(thunks.pointerToRawData() + at, 0x80000001L); // import by ordinal 1, never a terminator
        }
        long dllName = image.intact.imports().get(0).tables().importAddressTableRva() == 0 ? 0
                : u4(image.bytes, image.directoryOffset(DataDirectory.IMPORT) + 12);
        Section descriptors = image.section(2);
        int count = 1000;
        for (int i = 0; i < count; i++) {
            long at = descriptors.pointerToRawData() + (long) i * DESCRIPTOR;
            long table = thunks.virtualAddress() + 4L * i;
            image.putU4(at, table).putU4(at + 4, 0).putU4(at + 8, 0).putU4(at + 12, dllName).putU4(at + 16, table);
        }
        image.put(descriptors.pointerToRawData() + (long) count * DESCRIPTOR, new byte[DESCRIPTOR])
                .setDirectory(DataDirectory.IMPORT, descriptors.virtualAddress(), (count + 1) * DESCRIPTOR);

        PeImage read = image.parse();

        int entriesInFile = image.bytes.length / 4;
        assertEquals(entriesInFile, read.imports().stream().mapToInt(m -> m.symbols().size()).sum());
        assertTrue(read.anomalies().stream().anyMatch(a -> a.kind() == Kind.IMPORT_TABLE_TOO_LONG
                && a.message().endsWith("symbols (" + entriesInFile + " in all)")), read.anomalies().toString());
    }

    private static long u4(byte[] bytes, long offset) {
        return java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt((int) offset) & 0xFFFFFFFFL;
    }

    /** An anomaly's kind and message: what these tests pin (AnomalyLocationTest pins where). */
    private record Finding(Kind kind, String message) {}

    private static Finding finding(Kind kind, String message) {
        return new Finding(kind, message);
    }

    private static List<Finding> findings(PeImage image) {
        return image.anomalies().stream().map(a -> new Finding(a.kind(), a.message())).toList();
    }
}
