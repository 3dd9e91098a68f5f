package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Resources, version info, manifests, Rich header, overlay, checksum and hashes of every Wine PE
 * file against golden-wine/facts.json.gz, written by
 * {@code tools/golden/make_golden_facts.py --wine src/test/resources/golden-wine/facts.json.gz}.
 * Like {@link WineDifferentialTest}, it runs only with the pinned package versions installed.
 */
class WineFactsTest {

    private static final String GOLDEN = "/golden-wine/facts.json.gz";

    @TestFactory
    Stream<DynamicTest> wineFactsEqualThePefileView() throws IOException {
        JsonNode golden = readGolden();
        Path root = Path.of(System.getProperty("pescope.wineRoot", golden.get("root").asText()));
        String skip = Files.isDirectory(root) ? null : "Wine is not installed (no " + root + ")";
        Map<String, String> installed = WineDifferentialTest.installedVersions();
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("packages").fields(); it.hasNext() && skip == null; ) {
            Map.Entry<String, JsonNode> pinned = it.next();
            String version = installed.get(pinned.getKey());
            if (!pinned.getValue().asText().equals(version)) {
                skip = "golden file made from " + pinned.getKey() + " " + pinned.getValue().asText() + ", installed: "
                        + version + "; regenerate with tools/golden/make_golden_facts.py --wine " + "src/test/resources" + GOLDEN;
            }
        }
        if (skip != null) {
            String reason = skip;
            return Stream.of(DynamicTest.dynamicTest("skipped", () -> assumeTrue(false, reason)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : golden.get("files")) {
            Path file = root.resolve(entry.get("path").asText());
            tests.add(DynamicTest.dynamicTest(entry.get("path").asText(), () -> {
                assertTrue(Files.isRegularFile(file), "missing " + file);
                FileFacts facts = FileFacts.read(file);
                assertEquals(entry.get("sha256").asText(), facts.hashes().sha256(), "golden made from other bytes of " + file);
                FactsComparison.assertMatches(entry.get("golden"), facts, file);
            }));
        }
        assertTrue(tests.size() >= 600, "golden file lists " + tests.size() + " files");
        return tests.stream();
    }

    private static JsonNode readGolden() throws IOException {
        try (InputStream in = WineFactsTest.class.getResourceAsStream(GOLDEN)) {
            if (in == null) {
                throw new IOException("no test resource " + GOLDEN);
            }
            return GoldenComparison.JSON.readTree(new GZIPInputStream(in));
        }
    }
}
