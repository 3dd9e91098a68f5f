package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import pescope.testing.Oracles;

/**
 * dump's .NET blocks and deps' P/Invoke check, run as a user runs them. Header values are
 * pedump's for testdata/clr/pinvoke.exe (ClrPedumpTest checks them for every build).
 */
class ClrCommandsTest {

    private static final String PINVOKE = "testdata/clr/pinvoke.exe";
    private static final Path WINE = Path.of("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows");

    @Test
    void clrHeaderPrintsDumpbinsLayout() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--clrheader", PINVOKE);
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains(String.join("\n",
                "  clr Header:",
                "",
                "              72 cb",
                "            2.05 runtime version",
                "            20D0 [     440] RVA [size] of MetaData Directory",
                "               1 flags",
                "                   IL Only",
                "         600000A entry point token",
                "               0 [       0] RVA [size] of Resources Directory",
                "               0 [       0] RVA [size] of StrongNameSignature Directory",
                "               0 [       0] RVA [size] of CodeManagerTable Directory",
                "               0 [       0] RVA [size] of VTableFixups Directory",
                "               0 [       0] RVA [size] of ExportAddressTableJumps Directory",
                "               0 [       0] RVA [size] of ManagedNativeHeader Directory",
                "",
                "",
                "  Summary")), run.out());
    }

    @Test
    void pinvokeTableListsEveryImplMapRow() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--pinvoke", PINVOKE);
        assertTrue(run.out().contains("  P/Invoke imports (9):"), run.out());
        assertTrue(run.out().contains(
                "       6 NotSpec  no    stdcall  yes             24 clrnative.dll!Add <- PInvokeApp::Add\n"), run.out());
        assertTrue(run.out().contains(
                "       5 Ansi     yes   winapi   no               4 clrnative.dll!ExactOnly <- PInvokeApp::ExactOnly\n"), run.out());
    }

    @Test
    void jsonHasAClrObjectForAssembliesAndNullForNativeImages() throws Exception {
        JsonNode clr = new ObjectMapper().readTree(InProcessCli.run("dump", "--json", PINVOKE).out()).get("clr");
        assertEquals("v4.0.30319", clr.get("runtimeVersion").asText());
        assertTrue(clr.get("flags").get("ilOnly").asBoolean());
        assertEquals(0x0600000A, clr.get("entryPointToken").asLong());
        assertEquals("pinvoke", clr.get("assembly").get("name").asText());
        assertEquals("b77a5c561934e089", clr.get("assemblyRefs").get(0).get("publicKeyToken").asText());
        JsonNode add = clr.get("pinvoke").get(5);
        assertEquals("Add", add.get("entryPoint").asText());
        assertEquals("stdcall", add.get("callingConvention").asText());
        assertEquals(24, add.get("argumentBytes").asInt());
        assertTrue(add.get("setLastError").asBoolean());
        JsonNode nativeImage = new ObjectMapper().readTree(InProcessCli.run("dump", "--json", "testdata/bin/gcc-x64.dll").out());
        assertTrue(nativeImage.get("clr").isNull());
    }

    @Test
    void pinvokeProblemsCountForTheExitCodeOnlyWhenStrict() throws Exception {
        Oracles.require(Files.isRegularFile(WINE.resolve("mscoree.dll")), "Wine is not installed (Debian libwine)");
        String[] args = {"deps", "--format", "json", "--search", "testdata/clr/x64", "--search", WINE.toString(),
            "testdata/clr/pinvoke-x64.exe"};
        InProcessCli.Run lenient = InProcessCli.run(args);
        assertEquals(0, lenient.exitCode(), lenient.err());
        JsonNode json = new ObjectMapper().readTree(lenient.out());
        assertEquals(3, json.get("pinvokeProblems").size());
        assertEquals("entry-point-not-found", json.get("pinvokeProblems").get(0).get("reason").asText());
        assertEquals("module-not-found", json.get("pinvokeProblems").get(1).get("reason").asText());
        assertEquals("[\"NotExported\",\"NotExportedA\"]", json.get("pinvokeProblems").get(2).get("tried").toString());
        long pinvokeEdges = 0;
        for (JsonNode edge : json.get("edges")) {
            pinvokeEdges += edge.get("kind").asText().equals("pinvoke") ? 1 : 0;
        }
        assertEquals(2, pinvokeEdges);
        String[] strict = new String[args.length + 1];
        strict[0] = "deps";
        strict[1] = "--pinvoke-strict";
        System.arraycopy(args, 1, strict, 2, args.length - 1);
        assertEquals(1, InProcessCli.run(strict).exitCode());
    }
}
