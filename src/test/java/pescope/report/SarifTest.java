package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pescope.cli.InProcessCli;
import pescope.testing.Oracles;

/**
 * SARIF output against the two oracles Microsoft publishes: the SARIF 2.1.0 JSON schema and the
 * SARIF Multitool's validator (both from npm's @microsoft/sarif-multitool-linux, fetched by
 * tools/fetch-sarif-multitool.sh).
 */
class SarifTest {

    private static final Path MULTITOOL = Path.of(System.getProperty("pescope.sarifMultitool", "target/sarif-multitool/package"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<List<String>> commands() {
        return Stream.of(
                List.of("check", "--format", "sarif", "-r", "testdata/check"),
                List.of("check", "--format", "sarif", "testdata/bin/shared-lld-x86.dll", "testdata/bin/gcc-x64.dll"),
                List.of("check", "--format", "sarif", "--rules", "nx", "testdata/bin/gcc-x64.dll"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyLogValidatesAgainstTheSarifSchemaAndTheMultitool(List<String> command) throws Exception {
        String log = InProcessCli.run(command.toArray(String[]::new)).out();

        Set<ValidationMessage> errors = schema().validate(JSON.readTree(log));
        assertEquals(Set.of(), errors);
        Path file = Files.writeString(dir.resolve("log.sarif"), log);
        assertEquals(List.of(), multitoolErrors(file));
    }

    /** The oracles are not blind: a result without message text fails both. */
    @Test
    void aBrokenLogFailsBothOracles() throws Exception {
        String broken = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},"
                + "\"results\":[{\"ruleId\":\"X\",\"message\":{}}]}]}";
        assertTrue(!schema().validate(JSON.readTree(broken)).isEmpty());
        assertEquals(1, multitoolErrors(Files.writeString(dir.resolve("broken.sarif"), broken)).size());
    }

    @Test
    void theLogOfOneFileIsPinned() throws Exception {
        String log = InProcessCli.run("check", "--format", "sarif", "testdata/check/weak-x64.dll").out();
        String pinned = Files.readString(Path.of("src/test/resources/sarif/check-weak-x64.sarif"));
        assertEquals(pinned, log);
    }

    @Test
    void aPolicyExceptionIsKeptAsASuppressedResult() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.json"),
                "{\"exceptions\": [{\"path\": \"testdata/**\", \"rules\": [\"PS1009\"], \"reason\": \"on purpose\"}]}");
        JsonNode log = JSON.readTree(InProcessCli.run("check", "--format", "sarif", "--policy", policy.toString(),
                "--rules", "PS1009", "testdata/bin/shared-lld-x86.dll").out());
        JsonNode result = log.get("runs").get(0).get("results").get(0);
        assertEquals("PS1009", result.get("ruleId").asText());
        assertEquals("on purpose", result.get("suppressions").get(0).get("justification").asText());
        assertEquals("testdata/bin/shared-lld-x86.dll",
                result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
    }

    @Test
    void pathsBecomeUriReferences() {
        assertEquals("dir%20with%20space/x%23.dll", Sarif.uri("dir with space/x#.dll"));
        assertEquals("file:///tmp/a.dll", Sarif.uri("/tmp/a.dll"));
    }

    private static JsonSchema schema() throws Exception {
        Path schema = MULTITOOL.resolve("sarif-2.1.0.json");
        Oracles.require(Files.isRegularFile(schema), "no " + schema + " (run tools/fetch-sarif-multitool.sh)");
        try (InputStream in = Files.newInputStream(schema)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    /** The Multitool's errors (its warnings are advice on optional properties, not validity). */
    private static List<String> multitoolErrors(Path log) throws Exception {
        Path tool = MULTITOOL.resolve("Sarif.Multitool");
        Oracles.require(Files.isExecutable(tool), "no " + tool + " (run tools/fetch-sarif-multitool.sh)");
        Path out = log.resolveSibling("validation.sarif");
        ProcessBuilder builder = new ProcessBuilder(tool.toString(), "validate", log.toString(), "-o", out.toString(), "--log", "ForceOverwrite")
                .redirectErrorStream(true);
        builder.environment().put("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        return output.lines().filter(l -> l.contains(": error ")).toList();
    }
}
