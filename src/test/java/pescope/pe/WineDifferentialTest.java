package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import pescope.testing.Oracles;

/**
 * The Wine PE files (Debian's libwine), when installed, against the pefile view that
 * tools/golden/differential.py wrote to golden-wine/wine.json.gz. No Python at test time.
 *
 * <p>The golden file pins the Debian versions of the packages the files come from; with other
 * versions installed the test makes the same pefile view of the installed files with
 * {@code tools/golden/differential.py --golden-only} (pefile is needed then) and compares with
 * that. Without Wine both tests skip, or fail when {@link Oracles#required()} (as in CI).
 */
class WineDifferentialTest {

    private static final String GOLDEN = "/golden-wine/wine.json.gz";
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path DPKG_STATUS = Path.of(System.getProperty("pescope.dpkgStatus", "/var/lib/dpkg/status"));

    @TestFactory
    Stream<DynamicTest> winePeFilesEqualThePefileView() throws IOException, InterruptedException {
        JsonNode golden = readGolden();
        Path root = Path.of(System.getProperty("pescope.wineRoot", golden.get("root").asText()));
        Oracles.require(Files.isDirectory(root), "Wine is not installed (no " + root + "; Debian libwine)");
        if (!pinnedVersionsInstalled(golden)) {
            // Another Wine than the committed golden file was made from: make the same view of
            // the installed files with the same script (pefile), rather than compare with nothing.
            golden = regenerateGolden();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : golden.get("files")) {
            Path file = root.resolve(entry.get("path").asText());
            tests.add(DynamicTest.dynamicTest(entry.get("path").asText(), () -> {
                assertTrue(Files.isRegularFile(file), "missing " + file);
                assertEquals(entry.get("sha256").asText(), sha256(file), "golden file was made from other bytes of " + file);
                GoldenComparison.assertMatches((ObjectNode) entry.get("golden"), PeReader.everything().read(file), file);
            }));
        }
        assertTrue(tests.size() >= 600, "golden file lists " + tests.size() + " files");
        return tests.stream();
    }

    private static boolean pinnedVersionsInstalled(JsonNode golden) throws IOException {
        Map<String, String> installed = installedVersions();
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("packages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pinned = it.next();
            if (!pinned.getValue().asText().equals(installed.get(pinned.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** tools/golden/differential.py's pefile view of the installed Wine, written under target/. */
    private static JsonNode regenerateGolden() throws IOException, InterruptedException {
        Oracles.require(Files.isExecutable(PYTHON), "the installed Wine is not the one the golden file pins, and "
                + PYTHON + " (with Debian python3-pefile) is needed to make a golden file for it");
        Path out = Path.of("target", "golden-wine", "wine.json.gz");
        Files.createDirectories(out.getParent());
        Process process = new ProcessBuilder(PYTHON.toString(), "tools/golden/differential.py", "--golden-only",
                "--write-golden", out.toString()).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "tools/golden/differential.py --golden-only failed:\n" + log);
        try (InputStream in = Files.newInputStream(out)) {
            return GoldenComparison.JSON.readTree(new GZIPInputStream(in));
        }
    }

    /** No oracle needed, so it runs with any Wine version: every PE file (by content) parses. */
    @Test
    void everyWinePeFileParses() throws IOException {
        Path root = Path.of(System.getProperty("pescope.wineRoot", readGolden().get("root").asText()));
        Oracles.require(Files.isDirectory(root), "Wine is not installed (no " + root + "; Debian libwine)");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getParent().getFileName().toString().endsWith("-windows"))
                    .filter(Files::isRegularFile).filter(WineDifferentialTest::isPe).sorted().toList();
        }
        Oracles.require(!files.isEmpty(), "no PE files under " + root);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                PeImage image = PeReader.everything().read(file);
                DataDirectory imports = image.directory(DataDirectory.IMPORT).orElse(null);
                if (imports != null && imports.isPresent() && image.imports().isEmpty()
                        && !isNullDescriptor(file, image, imports.rva())) {
                    // An empty list is right only for a directory that starts with the null
                    // descriptor, as Wine 8.0's ntdll.dll has (0x18 bytes, nothing imported).
                    problems.add(file + ": import directory present, no imports read");
                }
                if (image.directory(DataDirectory.EXPORT).map(DataDirectory::isPresent).orElse(false)
                        && image.exports().isEmpty()) {
                    problems.add(file + ": export directory present, not read");
                }
            } catch (Exception | StackOverflowError e) {
                problems.add(file + ": " + e);
            }
        }
        assertFalse(files.size() < 100, "only " + files.size() + " PE files under " + root);
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + files.size() + " files:\n" + String.join("\n", problems));
        }
    }

    /** The 20 bytes at {@code rva}, placed through the section table here, are all zero. */
    private static boolean isNullDescriptor(Path file, PeImage image, long rva) throws IOException {
        for (Section s : image.sections()) {
            if (rva >= s.virtualAddress() && rva + 20 <= s.virtualAddress() + s.sizeOfRawData()) {
                byte[] bytes = Files.readAllBytes(file);
                int offset = (int) (s.pointerToRawData() + rva - s.virtualAddress());
                for (int i = offset; i < offset + 20; i++) {
                    if (bytes[i] != 0) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static JsonNode readGolden() throws IOException {
        try (InputStream in = WineDifferentialTest.class.getResourceAsStream(GOLDEN)) {
            if (in == null) {
                throw new IOException("no test resource " + GOLDEN);
            }
            return GoldenComparison.JSON.readTree(new GZIPInputStream(in));
        }
    }

    /** Package name to version for installed packages, from dpkg's status file (none when absent). */
    static Map<String, String> installedVersions() throws IOException {
        Map<String, String> versions = new HashMap<>();
        if (!Files.isRegularFile(DPKG_STATUS)) {
            return versions;
        }
        for (String stanza : Files.readString(DPKG_STATUS).split("\n\n")) {
            String name = null, version = null, status = null;
            for (String line : stanza.split("\n")) {
                if (line.startsWith("Package: ")) {
                    name = line.substring(9).trim();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).trim();
                } else if (line.startsWith("Status: ")) {
                    status = line.substring(8).trim();
                }
            }
            if (name != null && version != null && status != null && status.endsWith(" ok installed")) {
                versions.put(name, version);
            }
        }
        return versions;
    }

    /** MZ, and PE\0\0 at e_lfanew: the same test as make_golden.py's is_pe. */
    private static boolean isPe(Path file) {
        try (var channel = Files.newByteChannel(file)) {
            ByteBuffer head = ByteBuffer.allocate(0x40).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(head) < 0x40 || head.getShort(0) != 0x5A4D) {
                return false;
            }
            ByteBuffer signature = ByteBuffer.allocate(4);
            channel.position(Integer.toUnsignedLong(head.getInt(0x3C)));
            return channel.read(signature) == 4 && signature.getInt(0) == 0x50450000;
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
