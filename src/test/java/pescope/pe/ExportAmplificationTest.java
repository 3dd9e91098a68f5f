package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.AmplifiedExports;
import pescope.testing.PeLayout;

/**
 * Export tables that ask for far more than their file holds (issue 10, item 1): the work and
 * memory of a parse stay proportional to the file's size.
 */
class ExportAmplificationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** The fuzz and mutation suites' bound (MutationRobustnessProperties). */
    private static final long ALLOCATION_PER_FILE_BYTE = 64;
    private static final long ALLOCATION_ALLOWANCE = 16L << 20;

    @Test
    void overlappingTablesOfOneLongForwardedNameStayWithinTheAllocationBound() throws Exception {
        byte[] file = AmplifiedExports.overlapping(1, 4 << 20);

        long before = THREADS.getCurrentThreadAllocatedBytes();
        PeImage image = PeReader.everything().read("amplified", ByteBuffer.wrap(file));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        long bound = ALLOCATION_PER_FILE_BYTE * file.length + ALLOCATION_ALLOWANCE;
        assertTrue(allocated <= bound, "allocated " + allocated + " bytes; the bound is " + bound);
        // Names and forwarders of 511 characters each, up to 4 characters per byte of file and 1 M more.
        long budget = NameBudget.CHARACTERS_PER_FILE_BYTE * file.length + NameBudget.ALLOWANCE;
        int exports = image.exports().orElseThrow().exports().size();
        // The module name costs 512 of it, each export 1,024 (name and forwarder, terminators counted).
        assertEquals((budget - 512 + 1023) / 1024, exports);
        assertTrue(image.anomalies().stream().anyMatch(a -> a.kind() == Kind.EXPORT_TABLE_TOO_LONG
                && a.message().startsWith("export directory: names and forwarders of " + exports + " exports reach")),
                image.anomalies().toString());
    }

    @Test
    void nameAndAddressTablesTogetherGiveAtMostTheDocumentedMillionExports() throws Exception {
        // 0x100000 functions and 0x100000 names; the u2 ordinals name only the first 65,536
        // functions, so the tables describe 0x100000 named and 983,040 unnamed exports.
        byte[] file = AmplifiedExports.manyNames(1, ExportReader.MAX_EXPORTS_ABSOLUTE);

        PeImage image = PeReader.everything().read("many", ByteBuffer.wrap(file));

        assertEquals(ExportReader.MAX_EXPORTS_ABSOLUTE, image.exports().orElseThrow().exports().size());
        assertTrue(image.anomalies().stream().anyMatch(a -> a.kind() == Kind.EXPORT_TABLE_TOO_LONG
                && a.message().equals("export directory: the name and address tables give more than 1048576 exports; the rest not read")),
                image.anomalies().toString());
    }

    @Test
    void exportDirectoryWithNameZeroHasNoModuleNameAndSaysSo() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32()
                .withExports(new PeLayout.Exports("me.dll", 1, List.of(PeLayout.ExportSlot.function("a")))));
        image.putU4(image.directoryOffset(DataDirectory.EXPORT) + 12, 0); // Name

        PeImage read = image.parse();

        // Read at RVA 0 the name would be the "MZ" of the DOS header.
        assertEquals("", read.exports().orElseThrow().name());
        assertEquals("a", read.exports().orElseThrow().exports().get(0).name());
        assertEquals(List.of(new Anomaly(Kind.EXPORT_NAME_DAMAGED, "export directory: no module name (Name is 0)",
                Anomaly.Location.of("exports"))), read.anomalies());
    }
}
