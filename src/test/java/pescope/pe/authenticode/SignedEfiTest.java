package pescope.pe.authenticode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pescope.testing.Oracles;

/**
 * Debian's signed EFI binaries (fetched by tools/fetch-signed-efi.sh, which .ci/run runs) against
 * osslsigncode verify: the digests and the signer it reports.
 */
class SignedEfiTest {

    private static final Path ROOT = Path.of(System.getProperty("pescope.signedEfi", "target/debian-signed"));
    private static final Path GRUB = ROOT.resolve("usr/lib/grub/x86_64-efi-signed");
    private static final Path SHIM = ROOT.resolve("usr/lib/shim/shimx64.efi.signed");

    static Stream<Path> grubImages() throws Exception {
        Oracles.require(Files.isDirectory(GRUB), "no " + GRUB + " (run tools/fetch-signed-efi.sh)");
        try (Stream<Path> files = Files.list(GRUB)) {
            return files.filter(p -> p.toString().endsWith(".efi.signed")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grubImages")
    void debiansGrubSignaturesMatchOsslsigncode(Path file) throws Exception {
        Oracles.require(AuthenticodeTest.onPath("osslsigncode"), "needs osslsigncode (Debian package)");
        List<Signature> signatures = AuthenticodeTest.read(file);
        AuthenticodeTest.Oracle oracle = AuthenticodeTest.Oracle.verify(file, Path.of("/dev/null"));

        assertEquals(oracle.signedDigests(), signatures.stream().map(Signature::signedDigest).toList());
        assertEquals(oracle.computedDigests(), signatures.stream().map(Signature::computedDigest).toList());
        assertEquals(oracle.serials(), signatures.stream().map(s -> s.signer().orElseThrow().serial()).toList());
        assertEquals(oracle.subjects().stream().map(SignedEfiTest::fromOpenSslOneLine).toList(),
                signatures.stream().map(s -> s.signer().orElseThrow().subject()).toList());
        assertTrue(signatures.stream().allMatch(s -> s.digestMatches() && s.signatureValid()));
    }

    /**
     * shim carries two WIN_CERTIFICATE entries; osslsigncode reads one table entry only and calls
     * the table corrupted. Each entry is checked on its own: a copy whose Certificates directory
     * covers just that entry (moved to the front of the table) is what osslsigncode verifies.
     */
    @Test
    void everySignatureOfShimMatchesOsslsigncodeOnThatEntryAlone() throws Exception {
        Oracles.require(Files.isRegularFile(SHIM), "no " + SHIM + " (run tools/fetch-signed-efi.sh)");
        Oracles.require(AuthenticodeTest.onPath("osslsigncode"), "needs osslsigncode (Debian package)");
        List<Signature> signatures = AuthenticodeTest.read(SHIM);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(SHIM)).order(ByteOrder.LITTLE_ENDIAN);
        List<Authenticode.CertificateEntry> entries = Authenticode.entries(AuthenticodeTest.image(SHIM));
        assertEquals(2, entries.size());
        assertEquals(2, signatures.size());
        for (Signature signature : signatures) {
            Authenticode.CertificateEntry entry = entries.get(signature.certificateIndex());
            Path alone = Files.createTempFile("shim-entry", ".efi");
            byte[] copy = Files.readAllBytes(SHIM);
            long table = entries.get(0).offset();
            System.arraycopy(copy, (int) entry.offset(), copy, (int) table, (int) entry.length());
            ByteBuffer patched = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
            patched.putInt((int) Authenticode.hashLayout(AuthenticodeTest.image(SHIM)).certificateEntryOffset() + 4,
                    (int) ((entry.length() + 7) & ~7));
            Files.write(alone, java.util.Arrays.copyOf(copy, (int) (table + ((entry.length() + 7) & ~7))));
            AuthenticodeTest.Oracle oracle = AuthenticodeTest.Oracle.verify(alone, Path.of("/dev/null"));
            Files.delete(alone);

            assertEquals(oracle.signedDigests().get(0), signature.signedDigest());
            assertEquals(oracle.computedDigests().get(0), signature.computedDigest());
            assertEquals(oracle.serials().get(0), signature.signer().orElseThrow().serial());
            assertEquals(fromOpenSslOneLine(oracle.subjects().get(0)), signature.signer().orElseThrow().subject());
        }
        assertTrue(signatures.stream().allMatch(Signature::signatureValid));
        assertFalse(signatures.isEmpty());
    }

    @Test
    void dumpSignatureJsonCarriesWhatOsslsigncodeSays() throws Exception {
        Path grub = GRUB.resolve("grubx64.efi.signed");
        Oracles.require(Files.isRegularFile(grub), "no " + grub + " (run tools/fetch-signed-efi.sh)");
        Oracles.require(AuthenticodeTest.onPath("osslsigncode"), "needs osslsigncode (Debian package)");
        AuthenticodeTest.Oracle oracle = AuthenticodeTest.Oracle.verify(grub, Path.of("/dev/null"));
        var run = pescope.cli.InProcessCli.run("dump", "--json", "--signature", grub.toString());
        var signature = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()).get("signatures").get(0);

        assertEquals("SHA256", signature.get("digestAlgorithm").asText());
        assertEquals(oracle.computedDigests().get(0), signature.get("computedDigest").asText());
        assertEquals(oracle.signedDigests().get(0), signature.get("signedDigest").asText());
        assertTrue(signature.get("digestMatches").asBoolean());
        assertEquals(oracle.serials().get(0), signature.get("signer").get("serial").asText());
        assertEquals(fromOpenSslOneLine(oracle.subjects().get(0)), signature.get("signer").get("subject").asText());
    }

    /** "/C=US/O=Microsoft Corporation/CN=x" as BouncyCastle prints it: "C=US,O=Microsoft Corporation,CN=x". */
    static String fromOpenSslOneLine(String oneLine) {
        return String.join(",", oneLine.substring(1).split("/"));
    }
}
