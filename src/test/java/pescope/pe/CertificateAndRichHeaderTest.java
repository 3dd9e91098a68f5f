package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;

/** Certificate tables appended to written images, Rich headers written into their DOS stubs, overlays. */
class CertificateAndRichHeaderTest {

    /** An image whose last section's raw data ends the file, so the image ends where the file does. */
    private static final PeLayout WITH_DATA = PeLayout.exe32().withSections(PeLayout.Section.data(0x1000, 0x200));
    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));

    @Test
    void certificateTableIsAddressedByFileOffsetAndWalkedAtEightByteSteps() throws Exception {
        FileFacts facts = withCertificates(certificate(0x0200, 2, 13), certificate(0x0100, 1, 8));

        List<Certificate> certificates = facts.certificates();
        long table = facts.image().fileSize() - 24 - 16;
        assertEquals(List.of(new Certificate(table, 21, 0x0200, 2), new Certificate(table + 24, 16, 0x0100, 1)),
                certificates);
        assertEquals("PKCS#7 SignedData", certificates.get(0).typeName());
        assertTrue(facts.overlay().isEmpty(), "the certificate table is part of the signed image, not overlay");
        assertEquals(List.of(), facts.anomalies());
    }

    @Test
    void certificateTableStopsAfterMaxEntries() throws Exception {
        byte[][] entries = new byte[CertificateReader.MAX_CERTIFICATES + 1][];
        java.util.Arrays.fill(entries, certificate(0x0200, 2, 0));

        FileFacts facts = withCertificates(entries);

        assertEquals(CertificateReader.MAX_CERTIFICATES, facts.certificates().size());
        assertEquals(List.of(Kind.CERTIFICATE_TABLE_TOO_LONG), kinds(facts));
    }

    @Test
    void aCertificateLongerThanItsTableEndsTheWalk() throws Exception {
        byte[] entry = certificate(0x0200, 2, 8);
        ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x1000);

        FileFacts facts = withCertificates(entry);

        assertEquals(List.of(), facts.certificates());
        assertEquals(List.of(Kind.CERTIFICATE_TABLE_DAMAGED), kinds(facts));
    }

    @Test
    void dataAfterTheImageIsOverlay() throws Exception {
        PatchableImage image = PatchableImage.of(WITH_DATA);
        byte[] withTail = concat(image.bytes, new byte[100]);

        FileFacts facts = FileFacts.read("tail", ByteBuffer.wrap(withTail));

        assertEquals(new Overlay(image.bytes.length, 100), facts.overlay().orElseThrow());
    }

    @Test
    void richHeaderOfAnMsvcDllDecodesWithAValidChecksum() throws Exception {
        FileFacts facts = FileFacts.read(REAL_DLLS.resolve("swt-win32-x86_64-3.124.200/swt-win32-4963r5.dll"));

        RichHeader rich = facts.richHeader().orElseThrow();
        assertEquals(0x80, rich.offset());
        assertTrue(rich.checksumValid());
        assertEquals(rich.key(), rich.computedChecksum());
    }

    @Test
    void richHeaderEditedAfterLinkingFailsItsChecksum() throws Exception {
        byte[] bytes = Files.readAllBytes(REAL_DLLS.resolve("swt-win32-x86_64-3.124.200/swt-win32-4963r5.dll"));
        bytes[0x4E] ^= 1; // a byte of the DOS stub's message, covered by the checksum

        RichHeader rich = FileFacts.read("edited", ByteBuffer.wrap(bytes)).richHeader().orElseThrow();

        assertFalse(rich.checksumValid());
    }

    @Test
    void richHeaderWithMoreThanMaxEntriesIsCut() throws Exception {
        int entries = RichHeaderReader.MAX_ENTRIES + 1;
        int stubEnd = 0x80 + 16 + 8 * entries + 8;
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withELfanew((stubEnd + 0xFF) & ~0xFF));
        long key = 0x12345678L;
        image.putU4(0x80, 0x536E6144L ^ key).putU4(0x84, key).putU4(0x88, key).putU4(0x8C, key);
        for (int i = 0; i < entries; i++) {
            image.putU4(0x90 + 8L * i, (0x0104L << 16 | i) ^ key).putU4(0x94 + 8L * i, 1 ^ key);
        }
        image.putU4(stubEnd - 8, 0x68636952L).putU4(stubEnd - 4, key);

        FileFacts facts = FileFacts.read("rich", ByteBuffer.wrap(image.bytes));

        RichHeader rich = facts.richHeader().orElseThrow();
        assertEquals(RichHeaderReader.MAX_ENTRIES, rich.entries().size());
        assertEquals(new RichHeader.Entry(0x0104, 5, 1), rich.entries().get(5));
        assertEquals(List.of(Kind.RICH_HEADER_DAMAGED), kinds(facts));
    }

    // ---- helpers

    /** A WIN_CERTIFICATE with {@code contentLength} bytes after its header, padded to 8. */
    private static byte[] certificate(int revision, int type, int contentLength) {
        int length = 8 + contentLength;
        ByteBuffer out = ByteBuffer.allocate((length + 7) & ~7).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(length).putShort((short) revision).putShort((short) type);
        return out.array();
    }

    private static FileFacts withCertificates(byte[]... entries) throws Exception {
        PatchableImage image = PatchableImage.of(WITH_DATA);
        int tableSize = 0;
        for (byte[] e : entries) {
            tableSize += e.length;
        }
        long table = image.bytes.length;
        image.setDirectory(DataDirectory.CERTIFICATES, table, tableSize);
        byte[] bytes = image.bytes;
        for (byte[] e : entries) {
            bytes = concat(bytes, e);
        }
        return FileFacts.read("signed", ByteBuffer.wrap(bytes));
    }

    private static List<Kind> kinds(FileFacts facts) {
        // Only what these readers report: the hand-patched images also upset the header checks.
        return facts.anomalies().stream()
                .filter(a -> java.util.Set.of("resources", "certificates", "rich-header").contains(a.location().structure()))
                .map(Anomaly::kind).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
