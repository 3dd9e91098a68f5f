package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * The Wine PE files (Debian's libwine), when installed, against the pefile view that
 * tools/golden/differential.py wrote to golden-wine/wine.json.gz. No Python at test time.
 *
 * <p>The golden file pins the Debian versions of the packages the files come from; with other
 * versions installed the comparison is skipped (regenerate with
 * {@code tools/golden/differential.sh --write-golden src/test/resources/golden-wine/wine.json.gz}),
 * and only {@link #everyWinePeFileParses()}, which needs no oracle, runs. Without Wine both skip.
 */
class WineDifferentialTest {

    private static final String GOLDEN = "/golden-wine/wine.json.gz";
    private static final Path DPKG_STATUS = Path.of(System.getProperty("pescope.dpkgStatus", "/var/lib/dpkg/status"));

    @TestFactory
    Stream<DynamicTest> winePeFilesEqualThePefileView() throws IOException {
        JsonNode golden = readGolden();
        Path root = Path.of(System.getProperty("pescope.wineRoot", golden.get("root").asText()));
        String skip = Files.isDirectory(root) ? null : "Wine is not installed (no " + root + ")";
        Map<String, String> installed = installedVersions();
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("packages").fields(); it.hasNext() && skip == null; ) {
            Map.Entry<String, JsonNode> pinned = it.next();
            String version = installed.get(pinned.getKey());
            if (!pinned.getValue().asText().equals(version)) {
                skip = "golden file made from " + pinned.getKey() + " " + pinned.getValue().asText()
                        + ", installed: " + version + "; regenerate with tools/golden/differential.sh --write-golden "
                        + "src/test/resources/golden-wine/wine.json.gz";
            }
        }
        if (skip != null) {
            // One skipped test rather than an aborted factory, so the reason shows in the report.
            String reason = skip;
            return Stream.of(DynamicTest.dynamicTest("skipped", () -> assumeTrue(false, reason)));
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

    /** No oracle needed, so it runs with any Wine version: every PE file (by content) parses. */
    @Test
    void everyWinePeFileParses() throws IOException {
        Path root = Path.of(System.getProperty("pescope.wineRoot", readGolden().get("root").asText()));
        assumeTrue(Files.isDirectory(root), "Wine is not installed (no " + root + ")");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getParent().getFileName().toString().endsWith("-windows"))
                    .filter(Files::isRegularFile).filter(WineDifferentialTest::isPe).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no PE files under " + root);
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
