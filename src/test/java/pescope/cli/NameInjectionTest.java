package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Names that try to take over a terminal: a copy of a testdata EXE whose import names are patched
 * to carry an OSC title change (ESC ] 0 ; ... BEL), a forged "Dump of file" line, a line feed in
 * a DLL that will be missing, C1 controls (U+0085, U+009B, as UTF-8 and as bare bytes), CR, DEL,
 * a byte that is not UTF-8, a backslash and a section name holding a NUL. Every output shows them
 * escaped, byte for byte as asserted here.
 */
class NameInjectionTest {

    private static final Path IMPORTER = DumpCommandTest.TESTDATA.resolve("bin/impexp/x64/importer.exe");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private Path evil;

    @BeforeEach
    void patchACopyOfTheImporter() throws IOException {
        byte[] bytes = Files.readAllBytes(IMPORTER);
        replaceName(bytes, "exporter.dll", bytes("ex\nrter.dll"));
        replaceName(bytes, "kernel32.dll", bytes("\u001b]0;pwn\u0007.dll"));
        replaceName(bytes, "ByNameAndOrdinal", bytes("\nDump of file x"));
        replaceName(bytes, "GetProcAddress", new byte[] {(byte) 0xC2, (byte) 0x85, 'N', (byte) 0xC2, (byte) 0x9B, 'M', 0x7F, 'D', (byte) 0x9B, '\r'});
        replaceName(bytes, "LoadLibraryA", "café_xxx".getBytes(StandardCharsets.UTF_8));
        replaceName(bytes, "ExitProcess", new byte[] {'b', 'a', 'd', (byte) 0xE9, '\\', 'x'});
        // The section table's ".data" (8 bytes, NUL-padded): a screen clear, then CSI as UTF-8, a NUL, and a hidden byte.
        int data = indexOf(bytes, ".data\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        System.arraycopy(new byte[] {0x1B, '[', '2', 'J', (byte) 0xC2, (byte) 0x9B, 0, 'Z'}, 0, bytes, data, 8);
        evil = Files.write(temp.resolve("evil.exe"), bytes);
    }

    @Test
    void dumpTextShowsEveryControlCharacterEscaped() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--imports", evil.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("\n    ex\\x0arter.dll\n"), out);
        assertTrue(out.contains("\n                           3 \\x0aDump of file x\n"), out);
        assertTrue(out.contains("\n    \\x1b]0;pwn\\x07.dll\n"), out);
        assertTrue(out.contains("\n                           0 bad\\xe9\\\\x\n"), out);
        assertTrue(out.contains("\n                           0 \\u0085N\\u009bM\\x7fD\\x9b\\x0d\n"), out);
        assertTrue(out.contains("\n                           0 café_xxx\n"), out);
        assertTrue(out.contains("\n        1000 \\x1b[2J\\u009b\n"), out);
        assertEquals(1, out.lines().filter(line -> line.startsWith("Dump of file")).count(), out);
        assertOnlyNewlines(out);
    }

    @Test
    void sectionHeadersShowTheEscapedName() {
        InProcessCli.Run run = InProcessCli.run("dump", "--nologo", "--headers", evil.toString());
        assertTrue(run.out().contains("\n\\x1b[2J\\u009b name\n"), run.out());
        assertOnlyNewlines(run.out());
    }

    @Test
    void depsMissingPrintsOneEscapedNamePerMissingDll() {
        InProcessCli.Run run = InProcessCli.run("deps", "--missing", evil.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("ex\\x0arter.dll\n\\x1b]0;pwn\\x07.dll\n", run.out());
    }

    @Test
    void depsTreeShowsTheMissingNamesEscaped() {
        InProcessCli.Run run = InProcessCli.run("deps", evil.toString());
        assertTrue(run.out().startsWith("evil.exe (x64)\n  ex\\x0arter.dll [missing]\n  \\x1b]0;pwn\\x07.dll [missing]\n"), run.out());
        assertTrue(run.out().contains("\n  missing: \\x1b]0;pwn\\x07.dll, imported by evil.exe\n"), run.out());
        assertOnlyNewlines(run.out());
    }

    @Test
    void dotQuotesTheEscapedNames() {
        InProcessCli.Run run = InProcessCli.run("deps", "--format", "dot", evil.toString());
        assertEquals("""
                digraph "evil.exe" {
                  node [shape=box, fontname="Helvetica"];
                  "evil.exe" [label="evil.exe\\nroot"];
                  "ex\\\\x0arter.dll" [color=red, fontcolor=red, label="ex\\\\x0arter.dll\\nmissing"];
                  "\\\\x1b]0;pwn\\\\x07.dll" [color=red, fontcolor=red, label="\\\\x1b]0;pwn\\\\x07.dll\\nmissing"];
                  "evil.exe" -> "ex\\\\x0arter.dll";
                  "evil.exe" -> "\\\\x1b]0;pwn\\\\x07.dll";
                }
                """, run.out());
    }

    @Test
    void jsonIsOneLineWithTheNamesEscapedAndReadsBackToTheFileBytes() throws IOException {
        InProcessCli.Run run = InProcessCli.run("dump", "--json", evil.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertEquals(out.length() - 1, out.indexOf('\n'), "one JSON line");
        assertOnlyNewlines(out);
        assertTrue(out.contains("\"name\":\"\\u0085N\\u009BM\\u007FD\\uDC9B\\r\""), out);
        assertTrue(out.contains("\"dll\":\"\\u001B]0;pwn\\u0007.dll\""), out);
        assertTrue(out.contains("\"name\":\"bad\\uDCE9\\\\x\""), out);
        assertTrue(out.contains("\"name\":\"café_xxx\""), out);
        JsonNode functions = JSON.readTree(out).get("imports").get(0).get("functions");
        assertEquals("\nDump of file x", functions.get(1).get("name").asText());
    }

    @Test
    void depsJsonIsOneLine() throws IOException {
        InProcessCli.Run run = InProcessCli.run("deps", "--format", "json", evil.toString());
        assertEquals(run.out().length() - 1, run.out().indexOf('\n'), run.out());
        assertOnlyNewlines(run.out());
        assertEquals("ex\nrter.dll", JSON.readTree(run.out()).get("modules").get(1).get("name").asText());
    }

    @Test
    void slotTextShowsTheFailureEscaped() throws IOException {
        Path root = Files.copy(evil, temp.resolve("x\u001b[31my.exe"));
        InProcessCli.Run run = InProcessCli.run("slot", root.toString());
        assertTrue(run.out().contains("\nProcess x\\x1b[31my.exe\n"), run.out());
        assertTrue(run.out().contains("\n    ex\\x0arter.dll: error 126, ERROR_MOD_NOT_FOUND: ex\\x0arter.dll was not found on the device"
                + " (needed by x\\x1b[31my.exe)\n"), run.out());
        assertOnlyNewlines(run.out());
    }

    @Test
    void slotSvgIsWellFormedXml() throws Exception {
        Path root = Files.copy(evil, temp.resolve("x\u001b[31m&<y>.exe"));
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "svg", root.toString());
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        String text = svg.getDocumentElement().getTextContent();
        assertTrue(text.contains("process x\\x1b[31m&<y>.exe"), text);
        assertTrue(text.contains("ex\\x0arter.dll"), text);
    }

    @Test
    void errorLineEscapesTheFileName() throws IOException {
        Path file = Files.writeString(temp.resolve("note\u001b]0;t\u0007\r.dll"), "not a PE image\n".repeat(8));
        InProcessCli.Run run = InProcessCli.run("dump", file.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + temp + "/note\\x1b]0;t\\x07\\x0d.dll: not a PE file: no MZ signature\n", run.err());
    }

    /** No character a terminal acts on, but the newlines of the layout. */
    static void assertOnlyNewlines(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029
                    || Character.isSurrogate(c);
            assertFalse(control, String.format("U+%04X at %d in:%n%s", (int) c, i, text));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Overwrites the NUL-terminated name {@code old} (it must occur once) with {@code name}, NUL-padded. */
    private static void replaceName(byte[] image, String old, byte[] name) {
        byte[] needle = (old + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(image, needle);
        assertTrue(name.length <= old.length(), old);
        byte[] padded = new byte[old.length()];
        System.arraycopy(name, 0, padded, 0, name.length);
        System.arraycopy(padded, 0, image, at, padded.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (ByteBuffer.wrap(haystack, i, needle.length).equals(ByteBuffer.wrap(needle))) {
                hits.add(i);
            }
        }
        assertEquals(1, hits.size(), "occurrences of " + new String(needle, StandardCharsets.ISO_8859_1));
        return hits.get(0);
    }
}
