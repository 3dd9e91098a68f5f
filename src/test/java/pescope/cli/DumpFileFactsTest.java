package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * dump --resources, --rich, --hashes and their JSON on Microsoft- and Eclipse-signed DLLs; the
 * values are pefile's and osslsigncode's (src/test/resources/golden-facts).
 */
class DumpFileFactsTest {

    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
    private static final Path SWT = REAL_DLLS.resolve("swt-win32-x86_64-3.124.200/swt-win32-4963r5.dll");
    private static final Path WEBVIEW = REAL_DLLS.resolve("swt-win32-x86_64-3.124.200/WebView2Loader.dll");

    @Test
    void resourcesShowTheTreeTheVersionInformationAndTheManifest() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--resources", SWT.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("    MANIFEST         2                        1033          0 000B1550       7C7\n"), run.out());
        assertTrue(run.out().contains("       4.963.5.0 file version\n"), run.out());
        assertTrue(run.out().contains("      CompanyName       Eclipse Foundation\n"), run.out());
        assertTrue(run.out().contains("  Manifest 2, language 1033\n\n    <?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"),
                run.out());
    }

    @Test
    void hashesShowDigestsChecksumAndTheSignatureButNoOverlay() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--hashes", WEBVIEW.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("    sha256  a7d46b0936c95ea933afb68d5345011ba36791a4268918952628adb11683688c\n"), run.out());
        assertTrue(run.out().contains("    imphash 3fd78a8f50b85b627af2d0fc485b5e97\n"), run.out());
        assertTrue(run.out().contains("        00030026 computed (agrees)\n"), run.out());
        assertTrue(run.out().contains("  Overlay\n\n    none\n"), run.out());
        assertTrue(run.out().contains("           1F200 file offset\n            2198 length\n"), run.out());
    }

    @Test
    void richShowsTheKeyAndAValidChecksum() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--rich", SWT.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("(valid)"), run.out());
    }

    @Test
    void jsonHasTheFactsAndReadsTheWholeFileOnlyWhenAsked() throws Exception {
        JsonNode plain = new ObjectMapper().readTree(InProcessCli.run("dump", "--json", WEBVIEW.toString()).out());
        JsonNode hashed = new ObjectMapper().readTree(InProcessCli.run("dump", "--json", "--hashes", WEBVIEW.toString()).out());

        assertEquals("VERSION", plain.get("resources").get("entries").get(0).get("type").asText());
        assertEquals(1033, plain.get("resources").get("entries").get(0).get("language").asInt());
        assertEquals("1.0.721.0", plain.get("resources").get("versionInfo").get("fileVersion").asText());
        assertEquals(127488, plain.get("certificates").get(0).get("offset").asLong());
        assertEquals(8600, plain.get("certificates").get(0).get("length").asLong());
        assertTrue(plain.get("overlay").isNull());
        assertTrue(plain.get("hashes").isNull());
        assertFalse(plain.get("sections").get(0).has("entropy"));
        assertEquals("3fd78a8f50b85b627af2d0fc485b5e97", hashed.get("hashes").get("imphash").asText());
        assertEquals(196646, hashed.get("checksum").get("computed").asLong());
        assertEquals(6.4506119203461205, hashed.get("sections").get(0).get("entropy").asDouble(), 1e-12);
    }
}
