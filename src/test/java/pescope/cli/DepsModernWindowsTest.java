package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.testing.Oracles;

/**
 * testdata/sxs and testdata/apiset (built by testdata/build.sh from our own sources) resolved as
 * the modern NT loader would: the facts their READMEs state.
 */
class DepsModernWindowsTest {

    private static final Path SXS = DumpCommandTest.TESTDATA.resolve("sxs");
    private static final Path APISET = DumpCommandTest.TESTDATA.resolve("apiset");
    private static final Path WINE = Path.of("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(InProcessCli.Run run) throws IOException {
        return JSON.readTree(run.out());
    }

    private static JsonNode module(JsonNode graph, String name) {
        for (JsonNode module : graph.get("modules")) {
            if (module.get("name").asText().equals(name)) {
                return module;
            }
        }
        throw new AssertionError(name + " not in " + graph);
    }

    @Test
    void theManifestsPrivateAssemblyWinsOverTheSameDllInTheApplicationFolder() throws IOException {
        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", SXS.resolve("app-external.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode graph = json(run);
        assertEquals(SXS.resolve("Pescope.Private/redirected.dll").toString(), module(graph, "redirected.dll").get("path").asText());
        assertEquals("sxs", module(graph, "redirected.dll").get("foundBy").asText());
        assertEquals(SXS.resolve("plain.dll").toString(), module(graph, "plain.dll").get("path").asText());
        assertEquals("application", module(graph, "plain.dll").get("foundBy").asText());
        JsonNode context = graph.get("activationContext");
        assertEquals("app-external.exe.manifest", context.get("manifest").asText());
        assertEquals("Pescope.Private 1.0.0.0 amd64", context.get("assemblies").get(0).get("identity").asText());
        assertEquals("private", context.get("assemblies").get(0).get("foundBy").asText());
    }

    @Test
    void anEmbeddedManifestRedirectsLikeAnExternalOne() throws IOException {
        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", SXS.resolve("app.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode graph = json(run);
        assertEquals(SXS.resolve("Pescope.Private/redirected.dll").toString(), module(graph, "redirected.dll").get("path").asText());
        assertEquals("sxs", module(graph, "redirected.dll").get("foundBy").asText());
        assertEquals("app.exe RT_MANIFEST #1", graph.get("activationContext").get("manifest").asText());
    }

    @Test
    void anEmbeddedManifestFindsItsSharedAssemblyInWinSxs() throws IOException {
        Path key = SXS.resolve("winsxs/amd64_pescope.shared_0123456789abcdef_2.0.0.0_none_0f1e2d3c4b5a6978");

        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", "--winsxs", SXS.resolve("winsxs").toString(),
                SXS.resolve("shared.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(key.resolve("shareddep.dll").toString(), module(json(run), "shareddep.dll").get("path").asText());
    }

    @Test
    void withoutAManifestTheDecoyInTheApplicationFolderIsTaken(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.copy(SXS.resolve("app-external.exe"), dir.resolve("app-external.exe"));
        Files.copy(SXS.resolve("redirected.dll"), dir.resolve("redirected.dll"));
        Files.copy(SXS.resolve("plain.dll"), dir.resolve("plain.dll"));
        Files.createDirectories(dir.resolve("Pescope.Private"));
        Files.copy(SXS.resolve("Pescope.Private/redirected.dll"), dir.resolve("Pescope.Private/redirected.dll"));

        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", dir.resolve("app-external.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(dir.resolve("redirected.dll").toString(), module(json(run), "redirected.dll").get("path").asText());
        assertFalse(json(run).has("activationContext"));
    }

    @Test
    void findsASharedAssemblyInTheWinSxsFolderByItsKey() throws IOException {
        Path key = SXS.resolve("winsxs/amd64_pescope.shared_0123456789abcdef_2.0.0.0_none_0f1e2d3c4b5a6978");

        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", "--winsxs", SXS.resolve("winsxs").toString(),
                SXS.resolve("shared-external.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode graph = json(run);
        assertEquals(key.resolve("shareddep.dll").toString(), module(graph, "shareddep.dll").get("path").asText());
        assertEquals("winsxs", graph.get("activationContext").get("assemblies").get(0).get("foundBy").asText());
    }

    @Test
    void aSharedAssemblyThatIsNotInstalledStopsTheProcess() throws IOException {
        InProcessCli.Run run = InProcessCli.run("deps", SXS.resolve("shared-external.exe").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("  Pescope.Shared 2.0.0.0 amd64 0123456789abcdef: not found (the process does not start: "
                + "side-by-side configuration is incorrect)\n"), run.out());
    }

    @Test
    void aDotLocalFolderRedirectsTheDllsItHolds() throws IOException {
        InProcessCli.Run run = InProcessCli.run("deps", "--format", "list", SXS.resolve("dotlocal.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("plain.dll     " + SXS.resolve("dotlocal.exe.local/plain.dll") + "  sxs\n"), run.out());
    }

    @Test
    void mapsEveryApiSetImportToAHostInWinesFolder() throws IOException {
        Oracles.require(Files.isRegularFile(WINE.resolve("apisetschema.dll")), "Wine's x86_64 DLLs (Debian libwine)");

        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", "--search", WINE.toString(),
                APISET.resolve("apiset.exe").toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode graph = json(run);
        assertEquals(6, graph.get("apiSetSchema").get("version").asInt());
        List<String> apiSetEdges = new ArrayList<>();
        for (JsonNode edge : graph.get("edges")) {
            if (edge.get("kind").asText().equals("apiset")) {
                apiSetEdges.add(edge.get("from").asText() + " " + edge.get("contract").asText() + " -> " + edge.get("to").asText());
            }
        }
        assertEquals(List.of("apiset.exe api-ms-win-core-synch-l1-2-0.dll -> kernelbase.dll",
                "apiset.exe api-ms-win-crt-runtime-l1-1-0.dll -> ucrtbase.dll",
                "apiset.exe api-ms-win-crt-stdio-l1-1-0.dll -> ucrtbase.dll"), apiSetEdges);
        assertEquals(WINE.resolve("ucrtbase.dll").toString(), module(graph, "ucrtbase.dll").get("path").asText());
        assertEquals("apiset", module(graph, "ucrtbase.dll").get("foundBy").asText());
        assertEquals(0, graph.get("missingExports").size());
    }

    @Test
    void withoutASchemaTheContractsAreSearchedAsFilesAndMissing() {
        Oracles.require(Files.isRegularFile(WINE.resolve("apisetschema.dll")), "Wine's x86_64 DLLs (Debian libwine)");

        InProcessCli.Run run = InProcessCli.run("deps", "--missing", "--apiset", "none", "--search", WINE.toString(),
                APISET.resolve("apiset.exe").toString());

        assertEquals(1, run.exitCode());
        assertEquals("api-ms-win-core-synch-l1-2-0.dll\napi-ms-win-crt-runtime-l1-1-0.dll\napi-ms-win-crt-stdio-l1-1-0.dll\n", run.out());
    }

    @Test
    void namesAnUnreadableSchemaAsAUsageError() {
        InProcessCli.Run run = InProcessCli.run("deps", "--apiset", SXS.resolve("plain.dll").toString(), SXS.resolve("app.exe").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--apiset " + SXS.resolve("plain.dll") + ": no .apiset section: not an API set schema\n"), run.err());
    }

    @Test
    void realX64DllsFromMavenCentralLoadWithOnlyWinesFolderExceptTheJresOwnJawt() throws IOException {
        Oracles.require(Files.isRegularFile(WINE.resolve("apisetschema.dll")), "Wine's x86_64 DLLs (Debian libwine)");
        Path realDlls = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
        Oracles.require(Files.isDirectory(realDlls), "target/real-dlls (unpacked by the Maven build from Maven Central)");
        List<String> x64 = new ArrayList<>();
        try (var files = Files.walk(realDlls)) {
            files.filter(p -> p.toString().endsWith(".dll")).sorted().forEach(p -> x64.add(p.toString()));
        }
        List<String> args = new ArrayList<>(List.of("deps", "--format", "json", "--search", WINE.toString()));
        args.addAll(x64);

        InProcessCli.Run run = InProcessCli.run(args.toArray(String[]::new));

        List<String> problems = new ArrayList<>();
        int resolved = 0;
        for (String line : run.out().lines().toList()) {
            JsonNode graph = JSON.readTree(line);
            if (graph.has("error") || !graph.get("modules").get(0).get("machineName").asText().equals("x64")) {
                continue;
            }
            if (graph.get("resolves").asBoolean()) {
                resolved++;
                continue;
            }
            for (JsonNode module : graph.get("modules")) {
                if (!module.get("status").asText().equals("found")) {
                    problems.add(graph.get("root").asText() + ": " + module.get("name").asText() + " " + module.get("status").asText());
                }
            }
            for (JsonNode missing : graph.get("missingExports")) {
                problems.add(graph.get("root").asText() + ": " + missing.get("dll").asText() + "!" + missing.get("symbol").asText());
            }
        }
        // jawt.dll is the JRE's AWT bridge (in the JDK's bin folder), never part of Windows.
        assertEquals(List.of("swt-awt-win32-4963r5.dll: jawt.dll missing"), problems);
        assertEquals(9, resolved);
    }

    @Test
    void knownDllsIncludeWhatTheListedOnesImportFromTheSystemFolder() {
        Oracles.require(Files.isRegularFile(WINE.resolve("kernel32.dll")), "Wine's x86_64 DLLs (Debian libwine)");

        List<String> closure = NtSources.knownDllClosure(List.of("kernel32.dll"), WINE, null, new pescope.deps.FileSystemLocator());

        assertEquals(List.of("kernel32.dll", "kernelbase.dll", "ntdll.dll"), closure);
    }

    @Test
    void aHostInTheKnownDllsBeatsACopyInTheApplicationFolder(@org.junit.jupiter.api.io.TempDir Path app) throws IOException {
        Oracles.require(Files.isRegularFile(WINE.resolve("apisetschema.dll")), "Wine's x86_64 DLLs (Debian libwine)");
        Files.copy(APISET.resolve("apiset.exe"), app.resolve("apiset.exe"));
        Files.copy(SXS.resolve("plain.dll"), app.resolve("ucrtbase.dll"));
        String exe = app.resolve("apiset.exe").toString();

        InProcessCli.Run known = InProcessCli.run("deps", "--format", "json", "--preset", "win10", "--system", WINE.toString(), exe);
        InProcessCli.Run unknown = InProcessCli.run("deps", "--format", "json", "--preset", "win10", "--known-dlls", "none",
                "--system", WINE.toString(), exe);

        assertEquals(0, known.exitCode(), known.out());
        assertEquals(WINE.resolve("ucrtbase.dll").toString(), module(json(known), "ucrtbase.dll").get("path").asText());
        assertEquals(1, unknown.exitCode());
        assertEquals(app.resolve("ucrtbase.dll").toString(), module(json(unknown), "ucrtbase.dll").get("path").asText());
        assertEquals(2, json(unknown).get("missingExports").size());
    }

    @Test
    void namesADamagedSchemaOnStderrWithItsControlCharactersEscaped(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] schema = new pescope.testing.ApiSetSchemaBuilder().entry("api-ms-win-\u001b[2J-l1-1-0", "kernelbase.dll").v6();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(schema).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(buffer.getInt(20), 0);
        long rawSize = (schema.length + 0x1FF) & ~0x1FFL;
        byte[] dll = pescope.testing.PeWriter.write(pescope.testing.PeLayout.dll64().withBaseRelocations(false).withSections(
                new pescope.testing.PeLayout.Section(".apiset", schema.length, rawSize, pescope.testing.PeLayout.Section.CNT_INITIALIZED_DATA)));
        long at = pescope.pe.PeReader.headersOnly().read("schema", java.nio.ByteBuffer.wrap(dll)).sections().get(0).pointerToRawData();
        System.arraycopy(schema, 0, dll, (int) at, schema.length);
        Path file = Files.write(dir.resolve("apisetschema.dll"), dll);

        InProcessCli.Run run = InProcessCli.run("deps", "--apiset", file.toString(), SXS.resolve("plain.dll").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("pescope: " + file + ": API set schema damaged (1 problem), first: API set entry 0 (api-ms-win-\\x1b[2J-l1-1-0): "
                + "hash 0x0 in the table, 0x" + Long.toHexString(hashOf("api-ms-win-\u001b[2j-l1-1")).toUpperCase() + " from its name; "
                + "the loader cannot find it\n", run.err());
    }

    @Test
    void refusesAFifoOrADeviceAsSchemaOrKnownDllsListWithoutOpeningIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Oracles.require(mkfifo.waitFor() == 0, "mkfifo (Debian coreutils)");

        InProcessCli.Run schema = InProcessCli.run("deps", "--apiset", fifo.toString(), SXS.resolve("plain.dll").toString());
        InProcessCli.Run known = InProcessCli.run("deps", "--known-dlls", fifo.toString(), SXS.resolve("plain.dll").toString());
        InProcessCli.Run device = InProcessCli.run("deps", "--apiset", "/dev/zero", SXS.resolve("plain.dll").toString());

        assertEquals(2, schema.exitCode());
        assertTrue(schema.err().startsWith("--apiset " + fifo + ": not a regular file\n"), schema.err());
        assertEquals(2, known.exitCode());
        assertTrue(known.err().startsWith("--known-dlls " + fifo + ": not a regular file\n"), known.err());
        assertTrue(device.err().startsWith("--apiset /dev/zero: not a regular file\n"), device.err());
    }

    private static long hashOf(String lowerCased) {
        long hash = 0;
        for (char c : lowerCased.toCharArray()) {
            hash = (hash * 0x1F + c) & 0xFFFFFFFFL;
        }
        return hash;
    }
}
