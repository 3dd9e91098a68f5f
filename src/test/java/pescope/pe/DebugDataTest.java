package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;

/**
 * The debug data forms that none of the real test files carries (NB10, VC_FEATURE, REPRO,
 * EX_DLLCHARACTERISTICS), and damaged data: written by hand into an image as the PE and
 * CodeView formats lay them out, then read back.
 */
class DebugDataTest {

    @Test
    void nb10RecordGivesItsSignatureAgeAndPath() throws Exception {
        byte[] path = "c:\\build\\old.pdb\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer nb10 = le(16 + path.length).putInt(0x3031424E).putInt(0).putInt(0x3A4B5C6D).putInt(7).put(path);

        assertEquals(new DebugData.CodeView("NB10", null, 0x3A4B5C6D, 7, "c:\\build\\old.pdb"),
                read(DebugEntry.CODEVIEW, nb10.array()).data().orElseThrow());
    }

    @Test
    void vcFeatureGivesTheFiveCounts() throws Exception {
        ByteBuffer counts = le(20).putInt(0).putInt(45).putInt(45).putInt(9).putInt(36);

        assertEquals(new DebugData.VcFeature(0, 45, 45, 9, 36), read(DebugEntry.VC_FEATURE, counts.array()).data().orElseThrow());
    }

    @Test
    void reproGivesTheHashAfterItsLength() throws Exception {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xAB);
        ByteBuffer repro = le(36).putInt(32).put(hash);

        DebugData.Repro data = (DebugData.Repro) read(DebugEntry.REPRO, repro.array()).data().orElseThrow();
        assertArrayEquals(hash, data.hash());
    }

    @Test
    void reproWithoutDataMeansTheStampsAreTheHash() throws Exception {
        PeImage image = image(DebugEntry.REPRO, new byte[0]);

        assertTrue(image.directory(DebugDirectory.class).orElseThrow().isReproducible());
        assertArrayEquals(new byte[0], ((DebugData.Repro) entry(image).data().orElseThrow()).hash());
    }

    @Test
    void exDllCharacteristicsGiveTheCetFlag() throws Exception {
        PeImage image = image(DebugEntry.EX_DLLCHARACTERISTICS, le(4).putInt(0x41).array());

        assertEquals(0x41, image.directory(DebugDirectory.class).orElseThrow().exDllCharacteristics().orElseThrow().flags());
    }

    @Test
    void dataPastTheEndOfTheFileIsAnAnomalyAndTheEntryStays() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x1000, 0x1000)));
        Section section = image.section(1);
        ByteBuffer entry = le(28).putInt(0).putInt(0).putInt(0).putInt(DebugEntry.CODEVIEW).putInt(0x100)
                .putInt(0).putInt(0x7FFFFF00);
        image.put(section.pointerToRawData(), entry.array());
        image.setDirectory(DataDirectory.DEBUG, section.virtualAddress(), 28);
        PeImage read = image.parse();

        assertEquals(0x7FFFFF00L, entry(read).pointerToRawData());
        assertTrue(entry(read).data().isEmpty());
        assertEquals(List.of("DEBUG_DATA_DAMAGED: " + "debug entry 0 (type 2): data 0x7FFFFF00+0x100 is not in the file"),
                read.anomalies().stream().map(a -> a.kind() + ": " + a.message()).toList());
    }

    @Test
    void entriesThatAllPointAtOneLargeRecordAreDecodedOnlyUntilTheyExceedTheFile() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x10000, 0x10000)));
        Section section = image.section(1);
        // One POGO record of 4,096 ranges (0xC004 bytes), and 256 entries that all name it: read
        // naively, a 66 KB file decodes 12 MB of records and a million range names.
        ByteBuffer pogo = le(4 + 4096 * 12).putInt(0x50475500);
        for (int i = 0; i < 4096; i++) {
            pogo.putInt(i * 16).putInt(16).put("abc\0".getBytes(StandardCharsets.US_ASCII));
        }
        long pogoOffset = section.pointerToRawData() + 0x2000;
        image.put(pogoOffset, pogo.array());
        ByteBuffer entries = le(256 * 28);
        for (int i = 0; i < 256; i++) {
            entries.putInt(0).putInt(0).putInt(0).putInt(DebugEntry.POGO).putInt(pogo.capacity())
                    .putInt((int) section.virtualAddress() + 0x2000).putInt((int) pogoOffset);
        }
        image.put(section.pointerToRawData(), entries.array());
        image.setDirectory(DataDirectory.DEBUG, section.virtualAddress(), 256 * 28);

        PeImage read = image.parse();

        // The budget is the file's size plus 64 KB: two records of 0xC004 bytes fit, a third does not.
        List<DebugEntry> all = read.directory(DebugDirectory.class).orElseThrow().entries();
        assertEquals(256, all.size());
        assertEquals(List.of(4096, 4096), all.stream().filter(e -> e.data().isPresent())
                .map(e -> ((DebugData.Pogo) e.data().orElseThrow()).entries().size()).toList());
        assertEquals(List.of("DATA_EXCEEDS_FILE: debug entry 2 (type 13) and the data after it not decoded:"
                + " with the data decoded before, more bytes than the file holds"),
                read.anomalies().stream().map(a -> a.kind() + ": " + a.message()).toList());
    }

    private static DebugEntry read(int type, byte[] data) throws Exception {
        return entry(image(type, data));
    }

    private static DebugEntry entry(PeImage image) {
        return image.directory(DebugDirectory.class).orElseThrow().entries().get(0);
    }

    /** A 64-bit DLL whose debug directory has one entry of {@code type} with {@code data} right after it. */
    private static PeImage image(int type, byte[] data) throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.dll64().withBaseRelocations(false)
                .withSections(PeLayout.Section.data(0x1000, 0x1000)));
        Section section = image.section(1);
        ByteBuffer entry = le(28).putInt(0).putInt(0x12345678).putShort((short) 0).putShort((short) 0).putInt(type)
                .putInt(data.length).putInt((int) section.virtualAddress() + 0x40)
                .putInt(data.length == 0 ? 0 : (int) section.pointerToRawData() + 0x40);
        image.put(section.pointerToRawData(), entry.array());
        image.put(section.pointerToRawData() + 0x40, data);
        image.setDirectory(DataDirectory.DEBUG, section.virtualAddress(), 28);
        return image.parse();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
