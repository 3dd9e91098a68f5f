package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pescope slot} on the CE application set in testdata/ce. Expected bases follow from the
 * SizeOfImage values llvm-readobj reports there (testdata/ce/README.md) and the pre-order,
 * top-down rule: the first DLL's blocks end at the ROM area, each next one directly below.
 */
class SlotCommandTest {

    private static final Path CE = Path.of(System.getProperty("pescope.testdata", "testdata"), "ce");

    @Test
    void placesTheApplicationSetTopDownBelowThePocketPcRomAndReportsTheFixedDll() throws Exception {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback",
                "--device", CE.resolve("ppc2002.json").toString(), CE.resolve("app.exe").toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode app = new ObjectMapper().readTree(run.out()).get("processes").get(0);
        Map<String, Long> bases = new LinkedHashMap<>();
        app.get("modules").forEach(m -> {
            if (!m.get("rom").asBoolean()) {
                bases.put(m.get("name").asText(), m.get("base").asLong());
            }
        });
        assertEquals(Map.of(
                "big.dll", 0x00A80000L,     // 0x21000: 3 blocks below 0x00AB0000
                "small1.dll", 0x00A70000L,  // big's import, reserved next (pre-order)
                "small2.dll", 0x00A60000L,
                "large.dll", 0x00A40000L,   // 0x20000: 2 blocks
                "medium.dll", 0x00A20000L,  // 0x18000: 2 blocks
                "small3.dll", 0x00A10000L), bases);
        JsonNode failure = app.get("failures").get(0);
        assertEquals("fixed.dll", failure.get("module").asText());
        assertEquals(193, failure.get("error").asInt());
    }

    @Test
    void rollsBackTheWholeStartWhenOneImportCannotLoad() throws Exception {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json",
                "--device", CE.resolve("ppc2002.json").toString(), CE.resolve("app.exe").toString());
        assertEquals(1, run.exitCode());
        JsonNode map = new ObjectMapper().readTree(run.out());
        map.get("globalMap").forEach(e -> assertEquals("rom", e.get("origin").asText(), e.toString()));
    }

    @Test
    void svgIsAStandaloneDocument() {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "svg", "--no-rollback",
                "--device", CE.resolve("ppc2002.json").toString(), CE.resolve("app.exe").toString());
        assertTrue(run.out().startsWith("<?xml") || run.out().startsWith("<svg"), run.out().substring(0, 40));
        assertTrue(run.out().contains("big.dll"));
        assertTrue(run.out().stripTrailing().endsWith("</svg>"));
    }

    @Test
    void badLoadSpecificationIsAUsageError() {
        InProcessCli.Run run = InProcessCli.run("slot", "--load", "nodll", CE.resolve("app.exe").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--load takes ROOT=DLL"), run.err());
    }

    @Test
    void unreadableRootExitsThree() {
        InProcessCli.Run run = InProcessCli.run("slot", CE.resolve("README.md").toString());
        assertEquals(3, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
