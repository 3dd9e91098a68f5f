package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Resources, version info, manifests, certificates, Rich header, overlay, checksum and hashes of
 * every testdata file and real DLL, against what tools/golden/make_golden_facts.py took from
 * pefile (cross-checked with llvm-readobj and osslsigncode). Where the golden value is not
 * pefile's (B1-B4), the script's header and tools/golden/README.md say why.
 */
class GoldenFactsTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));

    @TestFactory
    Stream<DynamicTest> factsEqualTheOracles() throws IOException {
        JsonNode index = resource("index.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : index) {
            tests.add(DynamicTest.dynamicTest(entry.get("id").asText(), () -> {
                Path root = entry.get("root").asText().equals("testdata") ? TESTDATA : REAL_DLLS;
                Path file = root.resolve(entry.get("path").asText());
                assertTrue(Files.isRegularFile(file), "missing " + file);
                FactsComparison.assertMatches(resource(entry.get("golden").asText()), FileFacts.read(file), file);
            }));
        }
        assertTrue(tests.size() >= 50, "golden-facts index lists " + tests.size() + " files");
        return tests.stream();
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = GoldenFactsTest.class.getResourceAsStream("/golden-facts/" + name)) {
            if (in == null) {
                throw new IOException("no golden-facts resource " + name);
            }
            return GoldenComparison.JSON.readTree(in);
        }
    }
}
