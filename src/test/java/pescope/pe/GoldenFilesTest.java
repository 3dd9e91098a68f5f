package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every testdata file and every real DLL the build unpacks, compared field by field with what
 * pefile (and llvm-readobj, for COFF long section names) reported when
 * tools/golden/make_golden.sh wrote the golden files. See tools/golden/README.md for where the
 * golden view departs from pefile's raw output and why.
 */
class GoldenFilesTest {

    private static final ObjectMapper JSON = GoldenComparison.JSON;
    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));

    @TestFactory
    Stream<DynamicTest> parsedImagesEqualTheOracles() throws IOException {
        JsonNode index = resource("index.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : index) {
            tests.add(DynamicTest.dynamicTest(entry.get("id").asText(), () -> check(entry)));
        }
        assertTrue(tests.size() >= 50, "golden index lists " + tests.size() + " files");
        return tests.stream();
    }

    private void check(JsonNode entry) throws Exception {
        Path root = entry.get("root").asText().equals("testdata") ? TESTDATA : REAL_DLLS;
        Path file = root.resolve(entry.get("path").asText());
        assertTrue(Files.isRegularFile(file), "missing " + file + " (the build unpacks real DLLs in generate-test-resources)");
        assertEquals(entry.get("sha256").asText(), sha256(file), "golden file was made from another version of " + file);

        GoldenComparison.assertMatches((ObjectNode) resource(entry.get("golden").asText()),
                PeReader.everything().read(file), file);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("no golden resource " + name);
            }
            return JSON.readTree(in);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
