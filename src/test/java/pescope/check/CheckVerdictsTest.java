package pescope.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.authenticode.Authenticode;
import pescope.testing.Oracles;

/**
 * Every rule's verdict (but the signature's, which osslsigncode checks) on testdata, the real DLLs
 * the build unpacks and Wine's PE files, against tools/golden/check_verdicts.py's independent
 * computation with pefile (golden-check/verdicts.json). A file whose bytes differ from the ones the
 * golden file was made from (another Wine) is compared after the script is run again on it.
 */
class CheckVerdictsTest {

    private static final Map<String, Path> ROOTS = Map.of(
            "testdata", Path.of("testdata"),
            "realDlls", Path.of("target", "real-dlls"),
            "wine", Path.of("/usr/lib/x86_64-linux-gnu/wine"));

    @TestFactory
    Stream<DynamicTest> everyVerdictEqualsPefilesComputation() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(Path.of("src/test/resources/golden-check/verdicts.json").toFile());
        Oracles.require(Files.isDirectory(ROOTS.get("wine")), "Wine is not installed (Debian libwine)");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : golden.get("files")) {
            if (!entry.has("verdicts")) {
                continue;
            }
            Path file = ROOTS.get(entry.get("root").asText()).resolve(entry.get("path").asText());
            tests.add(DynamicTest.dynamicTest(entry.get("root").asText() + "/" + entry.get("path").asText(), () -> {
                Oracles.require(Files.isRegularFile(file), "no " + file);
                byte[] bytes = Files.readAllBytes(file);
                Oracles.require(entry.get("sha256").asText().equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))),
                        file + " differs from the file the golden verdicts were made from (regenerate with tools/golden/check_verdicts.py)");
                assertEquals(expected(entry.get("verdicts")), actual(file, bytes));
            }));
        }
        assertTrue(tests.size() > 700, "golden file lists " + tests.size() + " files");
        return tests.stream();
    }

    private static Map<String, String> expected(JsonNode verdicts) {
        Map<String, String> map = new TreeMap<>();
        verdicts.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Map<String, String> actual(Path file, byte[] bytes) throws Exception {
        PeImage image = new PeReader(SecurityFacts.DIRECTORIES, SecurityFacts.FACTS).read(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        SecurityFacts facts = SecurityFacts.of(image,
                Authenticode.read(buffer, Authenticode.hashLayout(image), Authenticode.entries(image)));
        Map<String, String> map = new TreeMap<>();
        for (RuleResult r : new Checker(Policy.DEFAULT).check(file, facts)) {
            if (!r.rule().name().equals("signature")) {
                map.put(r.rule().name(), r.verdict().outcome().jsonName());
            }
        }
        return map;
    }
}
