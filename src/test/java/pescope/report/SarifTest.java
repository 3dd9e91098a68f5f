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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** testdata/deps' app.exe with the search path its README gives: every kind of native problem deps knows. */
    private static final List<String> DEPS_APP = List.of("--delay", "--search", "testdata/deps/wrongarch", "--search",
            "testdata/deps/lib", "testdata/deps/app.exe");
    /** A P/Invoke assembly whose native module is found, so that entry points are checked too. */
    private static final List<String> DEPS_CLR = List.of("--search", "testdata/clr/x64", "testdata/clr/pinvoke-x64.exe",
            "testdata/clr/pinvoke.exe");
    /** Real files with anomalies (RealFileAnomaliesTest lists them) and a cut copy of a testdata DLL. */
    private static final String JNA_CE = "target/real-dlls/jna-3.4.0/com/sun/jna/w32ce-arm/jnidispatch.dll";

    static Stream<List<String>> commands() throws Exception {
        return Stream.of(
                List.of("check", "--format", "sarif", "-r", "testdata/check"),
                List.of("check", "--format", "sarif", "testdata/bin/shared-lld-x86.dll", "testdata/bin/gcc-x64.dll"),
                List.of("check", "--format", "sarif", "--rules", "nx", "testdata/bin/gcc-x64.dll"),
                List.of("dump", "--format", "sarif", cutDll(), "testdata/bin/gcc-x64.dll", "no-such-file.dll"),
                List.of("dump", "--format", "sarif", "--all", "-r", "testdata/bin", damagedDeps().toString()),
                concat(List.of("deps", "--format", "sarif"), DEPS_APP),
                concat(List.of("deps", "--format", "sarif"), DEPS_CLR),
                List.of("deps", "--format", "sarif", "--search", damagedDeps().resolve("lib").toString(),
                        damagedDeps().resolve("app.exe").toString(), "no-such-file.exe"));
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
    void theDumpLogOfOneCutFileIsPinned() throws Exception {
        String log = InProcessCli.run("dump", "--format", "sarif", cutDll()).out();
        assertEquals(Files.readString(Path.of("src/test/resources/sarif/dump-gcc-x64-cut.sarif")), log);
    }

    @Test
    void theDepsLogOfTheTestdataAppIsPinned() throws Exception {
        String log = InProcessCli.run(concat(List.of("deps", "--format", "sarif"), DEPS_APP).toArray(String[]::new)).out();
        assertEquals(Files.readString(Path.of("src/test/resources/sarif/deps-app.sarif")), log);
    }

    /** --help explains the format; deps' names every rule of the registry, so the two cannot drift apart. */
    @Test
    void helpExplainsTheSarifFormats() {
        String dump = InProcessCli.run("dump", "--help").out();
        assertTrue(dump.contains("--format sarif prints only the anomalies"), dump);
        String deps = InProcessCli.run("deps", "--help").out();
        for (DepsSarif.Problem problem : DepsSarif.Problem.values()) {
            String id = problem.id();
            boolean inRange = deps.lines().anyMatch(l -> l.contains(id)) || java.util.regex.Pattern
                    .compile("PD(\\d{4})-PD(\\d{4})").matcher(deps).results()
                    .anyMatch(m -> m.group(1).compareTo(id.substring(2)) <= 0 && id.substring(2).compareTo(m.group(2)) <= 0);
            assertTrue(inRange, id + " not in deps --help");
        }
    }

    /** Each anomaly dump --json lists is one result, in the same order, with its code, message and bytes. */
    @Test
    void dumpResultsAreTheAnomaliesOfDumpJson() throws Exception {
        List<String> files = new ArrayList<>(List.of(cutDll(), damagedDeps().resolve("lib/libB.dll").toString(),
                "testdata/bin/gcc-x64.dll"));
        if (Files.isRegularFile(Path.of(JNA_CE))) {
            files.add(JNA_CE);
        }
        List<String> expected = new ArrayList<>();
        for (String file : files) {
            JsonNode dump = JSON.readTree(InProcessCli.run("dump", "--json", file).out());
            for (JsonNode a : dump.get("anomalies")) {
                expected.add(String.join(" | ", a.get("code").asText(), a.get("message").asText(), Sarif.uri(file),
                        a.has("offset") ? a.get("offset").asText() : "-", a.has("length") ? a.get("length").asText() : "-"));
            }
        }
        InProcessCli.Run run = InProcessCli.run(concat(List.of("dump", "--format", "sarif"), files).toArray(String[]::new));
        JsonNode sarifRun = JSON.readTree(run.out()).get("runs").get(0);
        List<String> actual = new ArrayList<>();
        for (JsonNode r : sarifRun.get("results")) {
            JsonNode location = r.get("locations").get(0).get("physicalLocation");
            JsonNode region = location.get("region");
            actual.add(String.join(" | ", r.get("ruleId").asText(), r.get("message").get("text").asText(),
                    location.get("artifactLocation").get("uri").asText(),
                    region == null ? "-" : region.get("byteOffset").asText(),
                    region == null || !region.has("byteLength") ? "-" : region.get("byteLength").asText()));
            JsonNode rule = sarifRun.get("tool").get("driver").get("rules").get(r.get("ruleIndex").asInt());
            assertEquals(r.get("ruleId").asText(), rule.get("id").asText());
        }
        assertTrue(expected.size() >= 10, expected.toString());
        assertEquals(expected, actual);
        assertEquals(0, run.exitCode());
        assertEquals(true, sarifRun.get("invocations").get(0).get("executionSuccessful").asBoolean());
    }

    /** A truncated section and an unreadable descriptor leave data unread (errors); a directory past SizeOfImage does not. */
    @Test
    void dumpLevelsSayWhetherAStructureCouldBeRead() throws Exception {
        Oracles.require(Files.isRegularFile(Path.of(JNA_CE)), "no " + JNA_CE);
        JsonNode results = JSON.readTree(InProcessCli.run("dump", "--format", "sarif", cutDll(), JNA_CE).out())
                .get("runs").get(0).get("results");
        for (JsonNode r : results) {
            String expected = r.get("ruleId").asText().equals("DATA_DIRECTORY_OUTSIDE_IMAGE") ? "warning" : "error";
            assertEquals(expected, r.get("level").asText(), r.toString());
        }
    }

    @Test
    void anUnreadableFileIsANotificationAndExitsWith3() throws Exception {
        InProcessCli.Run run = InProcessCli.run("dump", "--format", "sarif", "testdata/bin/gcc-x64.dll", "no-such-file.dll");
        JsonNode invocation = JSON.readTree(run.out()).get("runs").get(0).get("invocations").get(0);
        assertEquals(3, run.exitCode());
        assertEquals(false, invocation.get("executionSuccessful").asBoolean());
        JsonNode notification = invocation.get("toolExecutionNotifications").get(0);
        assertEquals("no-such-file.dll",
                notification.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
        assertEquals("error", notification.get("level").asText());
        assertEquals(Set.of("pescope: no-such-file.dll: " + notification.get("message").get("text").asText()),
                Set.of(run.err().strip()));
    }

    /**
     * Each problem deps --json reports is one result per importing file, under the rule named like
     * the problem's code in the JSON: a module's status (or wrong-machine-skipped), a missing
     * export's reason, cycle, a reference's or P/Invoke's status.
     */
    @ParameterizedTest
    @MethodSource("depsRoots")
    void depsResultsAreTheProblemsOfDepsJson(List<String> arguments) throws Exception {
        List<String> expected = new ArrayList<>();
        int expectedExit = 0;
        for (String root : arguments.subList(arguments.indexOf("--") + 1, arguments.size())) {
            List<String> options = arguments.subList(0, arguments.indexOf("--"));
            InProcessCli.Run json = InProcessCli.run(concat(concat(List.of("deps", "--format", "json"), options), List.of(root))
                    .toArray(String[]::new));
            expectedExit = Math.max(expectedExit, json.exitCode());
            expected.addAll(depsProblems(JSON.readTree(json.out())));
        }
        List<String> command = new ArrayList<>(List.of("deps", "--format", "sarif"));
        command.addAll(arguments);
        command.remove("--");
        InProcessCli.Run run = InProcessCli.run(command.toArray(String[]::new));
        JsonNode sarifRun = JSON.readTree(run.out()).get("runs").get(0);
        List<String> actual = new ArrayList<>();
        for (JsonNode r : sarifRun.get("results")) {
            JsonNode rule = sarifRun.get("tool").get("driver").get("rules").get(r.get("ruleIndex").asInt());
            assertEquals(r.get("ruleId").asText(), rule.get("id").asText());
            actual.add(rule.get("name").asText() + " @ "
                    + r.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
        }
        assertTrue(expected.size() >= 4, expected.toString());
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList());
        assertEquals(expectedExit, run.exitCode());
    }

    static Stream<List<String>> depsRoots() throws Exception {
        return Stream.of(
                concat(DEPS_APP.subList(0, DEPS_APP.size() - 1), List.of("--", "testdata/deps/app.exe")),
                List.of("--search", "testdata/clr/x64", "--", "testdata/clr/pinvoke-x64.exe", "testdata/clr/pinvoke.exe"),
                List.of("--search", damagedDeps().resolve("lib").toString(), "--", damagedDeps().resolve("app.exe").toString()));
    }

    /** "rule name @ file" for each problem of one deps --json object, located as DepsSarif promises. */
    private static List<String> depsProblems(JsonNode deps) {
        Map<String, String> paths = new HashMap<>();
        deps.get("modules").forEach(m -> paths.put(m.get("name").asText(), m.get("path").isNull() ? null : m.get("path").asText()));
        String root = Sarif.uri(paths.get(deps.get("root").asText()));
        List<String> problems = new ArrayList<>();
        for (JsonNode m : deps.get("modules")) {
            String status = m.get("status").asText();
            if (status.equals("found") && !m.has("skipped")) {
                continue;
            }
            String rule = status.equals("found") ? "wrong-machine-skipped" : status;
            Set<String> importers = new LinkedHashSet<>();
            for (JsonNode e : deps.get("edges")) {
                if (e.get("to").asText().equals(m.get("name").asText()) && paths.get(e.get("from").asText()) != null) {
                    importers.add(Sarif.uri(paths.get(e.get("from").asText())));
                }
            }
            if (importers.isEmpty()) {
                importers.add(root);
            }
            importers.forEach(i -> problems.add(rule + " @ " + i));
        }
        deps.get("missingExports").forEach(e -> problems.add(e.get("reason").asText() + " @ " + Sarif.uri(paths.get(e.get("importer").asText()))));
        deps.get("cycles").forEach(c -> problems.add("cycle @ " + Sarif.uri(paths.get(c.get(0).asText()))));
        if (deps.has("assemblyRefs")) {
            deps.get("assemblyRefs").forEach(r -> {
                String status = r.get("status").asText();
                if (!status.equals("found")) {
                    problems.add((status.equals("missing") ? "assembly-missing" : status) + " @ " + root);
                }
            });
        }
        if (deps.has("pinvokeProblems")) {
            deps.get("pinvokeProblems").forEach(p -> problems.add(p.get("reason").asText() + " @ " + root));
        }
        return problems;
    }

    /** testdata/bin/gcc-x64.dll cut to 3000 bytes: sections past the end, imports and exports unreadable. */
    private static String cutDll() throws Exception {
        Path cut = Path.of("target/sarif-test/gcc-x64-cut.dll");
        Files.createDirectories(cut.getParent());
        byte[] whole = Files.readAllBytes(Path.of("testdata/bin/gcc-x64.dll"));
        Files.write(cut, java.util.Arrays.copyOf(whole, 3000));
        return cut.toString();
    }

    /** testdata/deps' app.exe and lib/, with libB.dll cut to 700 bytes: a damaged module. */
    private static Path damagedDeps() throws Exception {
        Path dir = Path.of("target/sarif-test/deps");
        Files.createDirectories(dir.resolve("lib"));
        Files.copy(Path.of("testdata/deps/app.exe"), dir.resolve("app.exe"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> libs = Files.list(Path.of("testdata/deps/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, dir.resolve("lib").resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        byte[] libB = Files.readAllBytes(Path.of("testdata/deps/lib/libB.dll"));
        Files.write(dir.resolve("lib/libB.dll"), java.util.Arrays.copyOf(libB, 700));
        return dir;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
