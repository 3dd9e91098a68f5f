package pescope.pe.authenticode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.testing.Oracles;

/**
 * Authenticode against osslsigncode, the independent oracle: a testdata DLL signed at test time
 * with a throw-away certificate (openssl + osslsigncode sign), then damaged one byte at a time.
 */
class AuthenticodeTest {

    private static final Path UNSIGNED = Path.of("testdata/bin/gcc-x64.dll");

    @TempDir
    static Path dir;
    static Path signed;
    static Path nested;

    @BeforeAll
    static void signWithAThrowAwayCertificate() throws Exception {
        Oracles.require(onPath("openssl") && onPath("osslsigncode"), "needs openssl and osslsigncode (Debian packages)");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "30",
                "-subj", "/C=DE/O=pescope tests/CN=pescope throw-away signer");
        signed = dir.resolve("signed.dll");
        sign("sha256", UNSIGNED, signed, false);
        Path sha1 = dir.resolve("sha1.dll");
        sign("sha1", UNSIGNED, sha1, false);
        nested = dir.resolve("nested.dll");
        sign("sha256", sha1, nested, true);
        // A two-level chain: a throw-away CA and a code-signing certificate it issued.
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca-key.pem").toString(),
                "-out", dir.resolve("ca.pem").toString(), "-days", "30", "-subj", "/CN=pescope throw-away CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("leaf-key.pem").toString(),
                "-out", dir.resolve("leaf.csr").toString(), "-subj", "/CN=pescope chained signer");
        Files.writeString(dir.resolve("leaf.ext"), "extendedKeyUsage=codeSigning\n");
        run("openssl", "x509", "-req", "-in", dir.resolve("leaf.csr").toString(), "-CA", dir.resolve("ca.pem").toString(),
                "-CAkey", dir.resolve("ca-key.pem").toString(), "-CAcreateserial", "-days", "30",
                "-extfile", dir.resolve("leaf.ext").toString(), "-out", dir.resolve("leaf.pem").toString());
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("leaf.pem")) + Files.readString(dir.resolve("ca.pem")));
        chained = dir.resolve("chained.dll");
        run("osslsigncode", "sign", "-certs", dir.resolve("chain.pem").toString(), "-key", dir.resolve("leaf-key.pem").toString(),
                "-h", "sha256", "-in", UNSIGNED.toString(), "-out", chained.toString());
    }

    static Path chained;

    @Test
    void aSignerIsTrustedWhenItsChainReachesTheTrustStoreAndOnlyThen() throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(chained));
        PeImage image = image(chained);
        TrustStore ca = TrustStore.parse(Files.readAllBytes(dir.resolve("ca.pem")));
        TrustStore other = TrustStore.parse(Files.readAllBytes(dir.resolve("cert.pem")));

        Signature trusted = Authenticode.read(bytes, Authenticode.hashLayout(image), Authenticode.entries(image),
                java.util.Optional.of(ca)).get(0);
        Signature untrusted = Authenticode.read(bytes, Authenticode.hashLayout(image), Authenticode.entries(image),
                java.util.Optional.of(other)).get(0);
        Signature unevaluated = single(chained);

        assertTrue(trusted.trust().orElseThrow().trusted(), trusted.trust().toString());
        assertTrue(trusted.trust().orElseThrow().reason().startsWith("chain of 2 certificate(s) to trusted CN=pescope throw-away CA"),
                trusted.trust().toString());
        assertFalse(untrusted.trust().orElseThrow().trusted());
        assertTrue(unevaluated.trust().isEmpty());
        assertEquals("CN=pescope chained signer", trusted.signer().orElseThrow().subject());
        assertEquals(2, trusted.certificates().size());
    }

    @Test
    void aFreshSignatureMatchesTheFileAndNamesItsSigner() throws Exception {
        Signature signature = single(signed);
        Oracle oracle = Oracle.verify(signed, dir.resolve("cert.pem"));

        assertEquals("SHA256", signature.digestAlgorithm());
        assertEquals(oracle.signedDigests().get(0), signature.signedDigest());
        assertEquals(oracle.computedDigests().get(0), signature.computedDigest());
        assertTrue(signature.digestMatches());
        assertTrue(signature.signatureValid());
        assertEquals("C=DE,O=pescope tests,CN=pescope throw-away signer", signature.signer().orElseThrow().subject());
        assertEquals(oracle.serials().get(0), signature.signer().orElseThrow().serial());
        assertEquals(List.of(), signature.problems());
    }

    @Test
    void aByteChangedInASectionBreaksTheDigestButNotTheSignature() throws Exception {
        Path damaged = copyWithByteFlipped(signed, sectionByteOffset(signed));
        Signature signature = single(damaged);
        Oracle oracle = Oracle.verify(damaged, dir.resolve("cert.pem"));

        assertFalse(signature.digestMatches());
        assertTrue(signature.signatureValid());
        assertEquals(oracle.computedDigests().get(0), signature.computedDigest());
        assertEquals(oracle.signedDigests().get(0), signature.signedDigest());
    }

    @Test
    void aByteChangedInTheSignersSignatureBreaksTheSignature() throws Exception {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(signed));
        Authenticode.CertificateEntry entry = Authenticode.entries(image(signed)).get(0);
        // The RSA signature value is the last thing in the SignerInfo, near the end of the entry.
        Path damaged = copyWithByteFlipped(signed, entry.offset() + entry.length() - 40);
        Signature signature = single(damaged);

        assertTrue(signature.digestMatches());
        assertFalse(signature.signatureValid());
        assertTrue(signature.problems().get(0).startsWith("the signer's signature does not verify"), signature.problems().toString());
    }

    @Test
    void theChecksumFieldIsNotCovered() throws Exception {
        Path changed = copyWithByteFlipped(signed, Authenticode.hashLayout(image(signed)).checksumOffset());
        Signature signature = single(changed);

        assertTrue(signature.digestMatches());
        assertTrue(signature.signatureValid());
    }

    @Test
    void aNestedSignatureIsReadAfterItsPrimary() throws Exception {
        List<Signature> signatures = read(nested);
        Oracle oracle = Oracle.verify(nested, dir.resolve("cert.pem"));

        assertEquals(2, signatures.size());
        assertEquals(List.of(0, 1), signatures.stream().map(Signature::nestingLevel).toList());
        assertEquals(List.of("SHA1", "SHA256"), signatures.stream().map(Signature::digestAlgorithm).toList());
        assertEquals(oracle.computedDigests(), signatures.stream().map(Signature::computedDigest).toList());
        assertEquals(oracle.signedDigests(), signatures.stream().map(Signature::signedDigest).toList());
        assertTrue(signatures.stream().allMatch(s -> s.digestMatches() && s.signatureValid()));
    }

    @Test
    void checksSignatureRuleFollowsTheFileAndTheTrustStore() throws Exception {
        String ca = dir.resolve("ca.pem").toString();
        var intact = pescope.cli.InProcessCli.run("check", "--rules", "signature", "--fail-on", "warning", "--trust-store", ca,
                chained.toString());
        var otherStore = pescope.cli.InProcessCli.run("check", "--rules", "signature", "--fail-on", "warning", "--trust-store",
                dir.resolve("cert.pem").toString(), chained.toString());
        Path modified = copyWithByteFlipped(chained, sectionByteOffset(chained));
        var changed = pescope.cli.InProcessCli.run("check", "--rules", "signature", "--fail-on", "warning", modified.toString());

        assertEquals(0, intact.exitCode(), intact.out() + intact.err());
        assertEquals(1, otherStore.exitCode());
        assertTrue(otherStore.out().contains("signer CN=pescope chained signer is not trusted"), otherStore.out());
        assertEquals(1, changed.exitCode());
        assertTrue(changed.out().contains("(modified after signing)"), changed.out());
    }

    @Test
    void anUnsignedFileHasNoSignature() throws Exception {
        assertEquals(List.of(), read(UNSIGNED));
    }

    static List<Signature> read(Path file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        PeImage image = image(file);
        return Authenticode.read(bytes, Authenticode.hashLayout(image), Authenticode.entries(image));
    }

    private static Signature single(Path file) throws Exception {
        List<Signature> signatures = read(file);
        assertEquals(1, signatures.size(), signatures.toString());
        return signatures.get(0);
    }

    static PeImage image(Path file) throws Exception {
        return new PeReader(java.util.EnumSet.of(pescope.pe.Directory.CERTIFICATES)).read(file);
    }

    private static long sectionByteOffset(Path file) throws Exception {
        return image(file).sections().get(0).pointerToRawData() + 0x10;
    }

    private static Path copyWithByteFlipped(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x01;
        Path copy = Files.createTempFile(dir, "flipped", ".dll");
        Files.write(copy, bytes);
        return copy;
    }

    private static void sign(String digest, Path in, Path out, boolean nest) throws Exception {
        List<String> command = new ArrayList<>(List.of("osslsigncode", "sign", "-certs", dir.resolve("cert.pem").toString(),
                "-key", dir.resolve("key.pem").toString(), "-h", digest, "-n", "pescope test"));
        if (nest) {
            command.add("-nest");
        }
        command.addAll(List.of("-in", in.toString(), "-out", out.toString()));
        run(command.toArray(String[]::new));
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(2, TimeUnit.MINUTES);
        return output;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What `osslsigncode verify` says, per signature in its order (primary, then nested). */
    record Oracle(List<String> signedDigests, List<String> computedDigests, List<String> serials, List<String> subjects) {

        static Oracle verify(Path file, Path caFile) throws Exception {
            String output = run("osslsigncode", "verify", "-in", file.toString(), "-CAfile", caFile.toString());
            return new Oracle(all(output, "Current message digest\\s*:\\s*([0-9A-F]+)"),
                    all(output, "Calculated message digest\\s*:\\s*([0-9A-F]+)"),
                    all(output, "Signer's certificate:\\s*-+\\s*Signer #0:\\s*Subject:.*\\n\\s*Issuer :.*\\n\\s*Serial : ([0-9A-F]+)"),
                    all(output, "Signer's certificate:\\s*-+\\s*Signer #0:\\s*Subject: (.*)"));
        }

        private static List<String> all(String text, String regex) {
            List<String> found = new ArrayList<>();
            Matcher m = Pattern.compile(regex).matcher(text);
            while (m.find()) {
                found.add(m.group(1).trim());
            }
            return found;
        }
    }
}
