package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * dump's debug, load-config, TLS, relocation and exception blocks on real DLLs. The values are
 * those pefile and llvm-readobj give for the same files (src/test/resources/golden-directories/).
 */
class DirectoryDumpTest {

    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
    /** MSVC-style x64 DLL with RSDS, CFG load config (XFG pointers) and a TLS directory without callbacks. */
    private static final Path WEBVIEW2 = REAL_DLLS.resolve("swt-win32-x86_64-3.124.200/WebView2Loader.dll");
    /** ARM64 DLL with two TLS callbacks and packed and unpacked .pdata entries. */
    private static final Path SQLITE_ARM64 = REAL_DLLS.resolve("sqlite-jdbc-3.46.0.0/org/sqlite/native/Windows/aarch64/sqlitejdbc.dll");

    @Test
    void headersPrintTheDebugDirectoriesAfterTheSectionThatHoldsThem() {
        String out = dump("--headers", WEBVIEW2);

        int rdata = out.indexOf("SECTION HEADER #2");
        int table = out.indexOf("  Debug Directories\n\n        Time Type        Size      RVA  Pointer\n"
                + "    -------- ------- -------- -------- --------\n"
                + "    5FC693FD cv            2F 0001B360    19B60    Format: RSDS, {F8293E61-2F4D-D536-4C4C-44205044422E}, 1, "
                + "WebView2Loader.dll.pdb\n\nSECTION HEADER #3\n");
        assertTrue(rdata > 0 && table > rdata, out);
    }

    @Test
    void reproducibleImageStampIsPrintedWithoutADate() {
        // lld-link /Brepro writes a REPRO debug entry: the COFF stamp is a hash (pefile and
        // llvm-readobj list the entry, golden-directories/testdata_bin_clang-arm64.dll.json).
        String out = dump("--headers", Path.of(System.getProperty("pescope.testdata", "testdata"), "bin/clang-arm64.dll"));

        assertTrue(out.matches("(?s).*\\n +[0-9A-F]{1,8} time date stamp\\n.*"), out);
        assertTrue(out.contains(" repro "), out);
    }

    @Test
    void loadConfigPrintsTheFieldsItsSizeCovers() {
        String out = dump("--loadconfig", WEBVIEW2);

        assertTrue(out.contains("  Section contains the following load config:\n\n            00000130 size\n"), out);
        assertTrue(out.contains("\n    000000018001E028 Security Cookie\n"), out);
        assertTrue(out.contains("\n                  47 Guard CF function count\n            00010500 Guard Flags\n"
                + "                       CF instrumented\n                       FID table present\n"
                + "                       Long jump target table present\n"), out);
        // Size 0x130 ends with GuardXFGTableDispatchFunctionPointer; the Cast Guard field is past it.
        assertTrue(out.contains("\n    0000000180022020 Guard XFG address of dispatch-table-function pointer\n\n"), out);
        assertFalse(out.contains("Cast Guard"), out);
    }

    @Test
    void tlsPrintsTheDirectoryAndTheCallbacksUpToTheTerminatingZero() {
        String out = dump("--tls", SQLITE_ARM64);

        assertTrue(out.contains("    00000001800F8908 Address of callbacks\n"), out);
        assertTrue(out.contains("    TLS Callbacks\n\n          Address\n          ----------------\n"
                + "          00000001800DC394\n          00000001800DC424\n\n"), out);
    }

    @Test
    void pdataPrintsEveryRuntimeFunctionWithPackedLengths() {
        String out = dump("--pdata", SQLITE_ARM64);

        // llvm-readobj --unwind: 2001 entries; the first is packed, 0x214 bytes long from 0x100C.
        assertTrue(out.contains("Function Table (2001)\n"), out);
        assertTrue(out.contains("\n  00000000 0000100C 00001220 02260215 Y\n  00000008 00001230          000FA6A4 N\n"), out);
    }

    @Test
    void relocationsPrintTheBlocksOfTheRelocationSection() {
        String out = dump("--relocations", WEBVIEW2);

        assertTrue(out.contains("BASE RELOCATIONS #9\n"), out);
        assertEquals(10, out.split(" SizeOfBlock\n", -1).length - 1, "blocks, as pefile counts them");
    }

    @Test
    void pdbPathNamesThePdbOfTheCodeViewRecord() {
        assertTrue(dump("--pdbpath", WEBVIEW2).contains("  PDB file named in the image: 'WebView2Loader.dll.pdb'\n"));
    }

    @Test
    void blocksAreOnlyPrintedWhenAsked() {
        String out = dump("--tls", WEBVIEW2);

        assertFalse(out.contains("load config"), out);
        assertFalse(out.contains("Debug Directories"), out);
        assertFalse(out.contains("Function Table"), out);
    }

    @Test
    void jsonCarriesEveryNewDirectoryWithUnsignedValues() throws Exception {
        InProcessCli.Run run = InProcessCli.run("dump", "--json", SQLITE_ARM64.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());

        JsonNode cv = json.get("debug").get(0);
        assertEquals("CODEVIEW", cv.get("type").asText());
        assertEquals("{D4F1CD1D-399C-F1F4-4C4C-44205044422E}", cv.get("codeView").get("guid").asText());
        assertEquals(0x1800F8908L, json.get("tls").get("addressOfCallBacks").asLong());
        assertEquals(0x1800DC424L, json.get("tls").get("callbacks").get(1).asLong());
        assertEquals(1706, json.get("relocations").get("entries").asInt());
        assertEquals(1696, json.get("relocations").get("byType").get("DIR64").asInt());
        assertEquals(2001, json.get("exceptions").get("count").asInt());
        assertTrue(json.get("loadConfig").isNull());
    }

    @Test
    void jsonLoadConfigHasEveryFieldByItsWinntName() throws Exception {
        JsonNode config = new ObjectMapper().readTree(InProcessCli.run("dump", "--json", WEBVIEW2.toString()).out())
                .get("loadConfig");

        assertEquals(304, config.get("size").asInt());
        assertEquals(0x18001E028L, config.get("securityCookie").asLong());
        assertEquals(0x47, config.get("guardCFFunctionCount").asInt());
        assertEquals(0x10500, config.get("guardFlags").asInt());
        assertEquals(0x180022020L, config.get("guardXFGTableDispatchFunctionPointer").asLong());
        assertFalse(config.has("castGuardOsDeterminedFailureMode"));
    }

    private static String dump(String option, Path file) {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", option, file.toString());
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }
}
