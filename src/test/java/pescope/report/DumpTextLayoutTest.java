package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import pescope.cli.InProcessCli;
import pescope.pe.PeImage;
import pescope.pe.PeReader;

/**
 * The text dump against shared/specs/dumpbin-format.md: the spec's printf patterns, filled with
 * the values pefile reported for the same file (the golden files), must appear line for line.
 */
class DumpTextLayoutTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final DumpText ALL = DumpText.all();

    private static JsonNode golden(String name) throws Exception {
        try (InputStream in = DumpTextLayoutTest.class.getResourceAsStream("/golden/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String dump(String file) throws Exception {
        PeImage image = PeReader.everything().read(TESTDATA.resolve(file));
        return ALL.render(image, file);
    }

    private static void assertLine(String dump, String line) {
        assertTrue(dump.contains("\n" + line + "\n"), () -> "missing line [" + line + "] in\n" + dump);
    }

    @Test
    void headerValuesAreRightAlignedIn16ColumnsAndDirectoriesFollowTheSpecPattern() throws Exception {
        JsonNode g = golden("testdata_bin_gcc-x64.dll.json");
        String dump = dump("bin/gcc-x64.dll");
        assertLine(dump, String.format("%16X machine (x64)", g.get("machine").asInt()));
        assertLine(dump, String.format("%16X number of sections", g.get("numberOfSections").asInt()));
        assertLine(dump, String.format("%16X characteristics", g.get("characteristics").asInt()));
        assertLine(dump, String.format("%16X magic # (PE32+)", g.get("magic").asInt()));
        assertLine(dump, String.format("%16X size of image", g.get("sizeOfImage").asLong()));
        assertLine(dump, String.format("%16X image base (%016X to %016X)", g.get("imageBase").asLong(),
                g.get("imageBase").asLong(), g.get("imageBase").asLong() + g.get("sizeOfImage").asLong() - 1));
        for (JsonNode d : g.get("dataDirectories")) {
            assertLine(dump, String.format("%16X [%8X] RVA [size] of %s Directory",
                    d.get("rva").asLong(), d.get("size").asLong(), d.get("name").asText()));
        }
        for (JsonNode s : g.get("sections")) {
            assertLine(dump, String.format("%8s name", s.get("name").asText()));
            assertLine(dump, String.format("%8X virtual size", s.get("virtualSize").asLong()));
            assertLine(dump, String.format("%8X flags", s.get("characteristics").asLong()));
        }
    }

    @Test
    void summaryRoundsEachSectionUpToSectionAlignmentAndSortsByName() throws Exception {
        JsonNode g = golden("testdata_bin_longnames-x64.dll.json");
        long alignment = g.get("sectionAlignment").asLong();
        Map<String, Long> sizes = new TreeMap<>();
        for (JsonNode s : g.get("sections")) {
            long size = s.get("virtualSize").asLong();
            sizes.merge(s.get("name").asText(), (size + alignment - 1) / alignment * alignment, Long::sum);
        }
        StringBuilder expected = new StringBuilder("  Summary\n\n");
        sizes.forEach((name, size) -> expected.append(String.format("%12X %s%n", size, name)));
        assertTrue(dump("bin/longnames-x64.dll").endsWith(expected.toString()));
    }

    @Test
    void exportRowsAreOrdinal11Hint4Rva8ThenName() throws Exception {
        // Real dumpbin (VS 2008, hello.dll): "          1    0 00001100 luaopen_hello = _luaopen_hello".
        String dump = dump("bin/impexp/x64/exporter.dll");
        for (String line : List.of(
                String.format("%11d %4X %08X %s", 10, 0, 0x1000, "ByName"),
                String.format("%11d %4X %8s %s (forwarded to %s)", 12, 3, "", "FwdHeap", "kernel32.HeapAlloc"),
                String.format("%11d %4s %08X %s", 5, "", 0x1020, "[NONAME]"))) {
            assertLine(dump, line);
        }
    }

    @Test
    void importRowsEndTheHintAtColumn28InPe32PlusAnd21InPe32() throws Exception {
        assertLine(dump("bin/impexp/x64/importer.exe"), String.format("%28X %s", 3, "ByNameAndOrdinal"));
        assertLine(dump("bin/impexp/x86/importer.exe"), String.format("%21X %s", 3, "ByNameAndOrdinal"));
    }

    /** dumpbin: two blank lines after the data directories, section numbers in hex (#A, #10). */
    @Test
    void sectionHeadersFollowTwoBlankLinesAndAreNumberedInHex() throws Exception {
        String dump = dump("bin/longnames-x64.dll");
        assertTrue(dump.contains("RVA [size] of Reserved Directory\n\n\nSECTION HEADER #1\n"), dump);
        assertTrue(dump.contains("\nSECTION HEADER #A\n"), dump);
        assertTrue(!dump.contains("SECTION HEADER #10\n") || dump.indexOf("SECTION HEADER #F\n") < dump.indexOf("SECTION HEADER #10\n"));
    }

    /** dumpbin prints dependents, then exports, then imports, whatever order the switches came in. */
    @Test
    void exportsComeBeforeImportsAsInDumpbin() throws Exception {
        String dump = InProcessCli.run("dump", "--nologo", "--imports", "--exports", "testdata/bin/gcc-x64.dll").out();
        assertTrue(dump.indexOf("Section contains the following exports") < dump.indexOf("Section contains the following imports"), dump);
    }

    @Test
    void timeStampsOfZeroAndAllOnesHaveNoDate() {
        assertEquals("", DumpText.timeSuffix(0));
        assertEquals("", DumpText.timeSuffix(0xFFFFFFFFL));
        assertEquals(" Sat Sep 29 13:12:12 2012", DumpText.timeSuffix(0x5066F3ACL));
    }
}
