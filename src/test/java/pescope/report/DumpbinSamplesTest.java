package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pescope.pe.DataDirectory;
import pescope.pe.DebugData;
import pescope.pe.DebugDirectory;
import pescope.pe.DebugEntry;
import pescope.pe.LoadConfig;
import pescope.pe.PeImage;
import pescope.pe.Section;
import pescope.testing.ImageBuilder;

/**
 * Lines of real dumpbin output (src/test/resources/dumpbin-samples/, sources in its README):
 * each sample's values are put into the model, and pescope's rendering must contain the sample's
 * lines byte for byte.
 */
class DumpbinSamplesTest {

    private static final Pattern DEBUG_ROW = Pattern.compile(
            "^    ([0-9A-F]{8}) (\\S+) +([0-9A-F]+) ([0-9A-F]{8}) +([0-9A-F]+)(?:    (.*))?$");
    private static final Map<String, Long> TYPES = Map.of("cv", 2L, "feat", 12L, "coffgrp", 13L, "iltcg", 14L,
            "repro", 16L, "dllchar", 20L);

    @Test
    void debugDirectoryRowsAreThoseDumpbinPrints() throws IOException {
        int checked = 0;
        for (List<String> block : blocks("debug-directories.txt")) {
            List<DebugEntry> entries = new ArrayList<>();
            for (String row : block.subList(1, block.size())) {
                entries.add(entryOf(row));
            }
            String text = debugTable(entries);
            for (String row : block.subList(1, block.size())) {
                assertTrue(text.contains("\n" + row + "\n"), "dumpbin row\n" + row + "\nnot in\n" + text);
                checked++;
            }
            assertTrue(text.startsWith("  Debug Directories\n\n        Time Type        Size      RVA  Pointer\n"
                    + "    -------- ------- -------- -------- --------\n"), text);
        }
        assertEquals(11, checked);
    }

    @Test
    void loadConfigLinesAreThoseDumpbinPrints() throws IOException {
        List<String> sample = blocks("load-config.txt").get(0);
        LoadConfig config = new LoadConfig(0x140, true, List.of(
                new LoadConfig.Field("size", LoadConfig.Width.DWORD, 0, 0x140),
                new LoadConfig.Field("dependentLoadFlags", LoadConfig.Width.WORD, 0x4E, 0xB00),
                new LoadConfig.Field("guardCFFunctionTable", LoadConfig.Width.POINTER, 0x80, 0x18002F11CL),
                new LoadConfig.Field("guardCFFunctionCount", LoadConfig.Width.POINTER, 0x88, 0x11D),
                new LoadConfig.Field("guardFlags", LoadConfig.Width.DWORD, 0x90, 0x10417500)), 0);
        StringBuilder out = new StringBuilder();
        LoadConfigText.append(out, withExtras(Map.of(LoadConfig.class, config)));
        String text = out.toString();
        List<String> lines = sample.subList(1, sample.size());
        // The sample leaves out fields between these; its lines are consecutive here up to the
        // flags, of which the sample keeps the first two.
        assertTrue(text.contains(lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n" + lines.get(3) + "\n"
                + lines.get(4) + "\n" + lines.get(5) + "\n"), text);
    }

    @Test
    void extendedDllCharacteristicsAreThoseDumpbinPrints() throws IOException {
        List<String> sample = blocks("extended-dll-characteristics.txt").get(0);
        String text = debugTable(List.of(new DebugEntry(0, 0xFFFFFFFFL, 0, 0, 20, 4, 0x2010, 0x610,
                Optional.of(new DebugData.ExDllCharacteristics(1)))));

        assertTrue(text.endsWith("\n\n" + sample.get(1) + "\n" + sample.get(2) + "\n\n"), text);
    }

    private static DebugEntry entryOf(String row) {
        Matcher m = DEBUG_ROW.matcher(row);
        assertTrue(m.matches(), row);
        long type = TYPES.get(m.group(2));
        String what = m.group(6);
        return new DebugEntry(0, Long.parseLong(m.group(1), 16), 0, 0, type, Long.parseLong(m.group(3), 16),
                Long.parseLong(m.group(4), 16), Long.parseLong(m.group(5), 16), Optional.ofNullable(dataOf(type, what)));
    }

    /** The model value a row's text describes. */
    private static DebugData dataOf(long type, String what) {
        if (type == DebugEntry.CODEVIEW) {
            String[] parts = what.substring("Format: ".length()).split(", ", 4);
            return new DebugData.CodeView(parts[0], parts[1], 0, Long.parseLong(parts[2]), parts[3]);
        }
        if (type == DebugEntry.VC_FEATURE) {
            long[] counts = Pattern.compile("=(\\d+)").matcher(what).results()
                    .mapToLong(r -> Long.parseLong(r.group(1))).toArray();
            return new DebugData.VcFeature(counts[0], counts[1], counts[2], counts[3], counts[4]);
        }
        if (type == DebugEntry.POGO) {
            return new DebugData.Pogo(Long.parseLong(what.substring(0, 8), 16), List.of());
        }
        if (type == DebugEntry.REPRO) {
            return new DebugData.Repro(HexFormat.of().parseHex(what.replace(" ", "")));
        }
        return null;
    }

    private static String debugTable(List<DebugEntry> entries) {
        PeImage image = withExtras(Map.of(DebugDirectory.class, new DebugDirectory(entries)));
        StringBuilder out = new StringBuilder();
        DebugText.appendAfterSection(out, image, image.sections().get(0));
        return out.toString();
    }

    /** A 64-bit DLL with one .rdata section at 0x2000 holding the debug directory, and these directories. */
    private static PeImage withExtras(Map<Class<?>, Object> extras) {
        PeImage base = ImageBuilder.dll("sample.dll").build();
        Section rdata = new Section(1, ".rdata", ".rdata", 0x1000, 0x2000, 0x1000, 0x400, 0, 0, 0, 0, 0x40000040L);
        List<DataDirectory> directories = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            directories.add(new DataDirectory(i, i == DataDirectory.DEBUG ? 0x2010 : 0, i == DataDirectory.DEBUG ? 0x1C : 0));
        }
        return new PeImage(base.source(), base.fileSize(), base.peHeaderOffset(), base.fileHeader(), base.optionalHeader(),
                directories, List.of(rdata), extras, List.of());
    }

    /** The blocks of a sample file: each starts with its "## " line, then the sample's lines. */
    private static List<List<String>> blocks(String name) throws IOException {
        String text;
        try (InputStream in = DumpbinSamplesTest.class.getResourceAsStream("/dumpbin-samples/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<String>> blocks = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("## ")) {
                blocks.add(new ArrayList<>(List.of(line)));
            } else if (!line.startsWith("#") && !blocks.isEmpty()) {
                blocks.get(blocks.size() - 1).add(line);
            }
        }
        return blocks;
    }
}
