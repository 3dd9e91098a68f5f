package pescope.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
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
    void exportRowsAreOrdinal11Hint5Rva8ThenName() throws Exception {
        String dump = dump("bin/impexp/x64/exporter.dll");
        for (String line : List.of(
                String.format("%11d %5X %08X %s", 10, 0, 0x1000, "ByName"),
                String.format("%11d %5X %8s %s (forwarded to %s)", 12, 3, "", "FwdHeap", "kernel32.HeapAlloc"),
                String.format("%11d %5s %08X %s", 5, "", 0x1020, "[NONAME]"))) {
            assertLine(dump, line);
        }
    }

    @Test
    void importRowsEndTheHintAtColumn28InPe32PlusAnd21InPe32() throws Exception {
        assertLine(dump("bin/impexp/x64/importer.exe"), String.format("%28X %s", 3, "ByNameAndOrdinal"));
        assertLine(dump("bin/impexp/x86/importer.exe"), String.format("%21X %s", 3, "ByNameAndOrdinal"));
    }
}
