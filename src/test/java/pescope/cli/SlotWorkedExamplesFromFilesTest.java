package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeWriter;

/**
 * shared/specs/ce-loader.md §6, end to end: real PE files written to disk, resolved by
 * {@code pescope slot} the CE way, parsed, and placed. Addresses are the spec's.
 */
class SlotWorkedExamplesFromFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOWS_CE_GUI = 9;
    private static final long PAGE = 0x1000;

    @TempDir
    Path dir;

    /**
     * A Thumb CE module of exactly {@code sizeOfImage} bytes in memory, exporting
     * {@code <name>_fn} and importing {@code <dep>_fn} from each dependency, with relocations.
     */
    private Path module(String fileName, boolean dll, long sizeOfImage, long imageBase, long stackReserve,
            String... imports) throws IOException {
        return module(fileName, dll, sizeOfImage, imageBase, stackReserve, PAGE, imports);
    }

    private Path module(String fileName, boolean dll, long sizeOfImage, long imageBase, long stackReserve,
            long alignment, String... imports) throws IOException {
        String base = fileName.substring(0, fileName.indexOf('.'));
        List<ImportedDll> importList = new ArrayList<>();
        for (String dependency : imports) {
            String depBase = dependency.substring(0, dependency.indexOf('.'));
            importList.add(ImportedDll.of(dependency, ImportedSymbol.byName(0, depBase + "_fn")));
        }
        PeLayout layout = PeLayout.exe32()
                .withMachine(PeLayout.MACHINE_THUMB)
                .withCharacteristics(PeLayout.FILE_EXECUTABLE_IMAGE | PeLayout.FILE_32BIT_MACHINE | (dll ? PeLayout.FILE_DLL : 0))
                .withImageBase(imageBase)
                .withSubsystem(WINDOWS_CE_GUI, 4, 20)
                .withStackAndHeap(stackReserve, 0x1000, 0x100000, 0x1000)
                .withAlignment(alignment, Math.min(alignment, 0x200))
                .withSections(PeLayout.Section.text(0x200))
                .withImports(importList)
                .withBaseRelocations(true);
        if (dll) {
            layout = layout.withExports(new PeLayout.Exports(fileName, 1, List.of(ExportSlot.function(base + "_fn"))));
        }
        long natural = PeWriter.computedSizeOfImage(layout);
        if (sizeOfImage < natural) {
            throw new IllegalArgumentException(fileName + " needs at least 0x" + Long.toHexString(natural));
        }
        // Zero-initialised data takes up the rest, as a big static array would; a new section
        // header can move the others by an alignment unit, hence the second look.
        long padding = sizeOfImage - natural;
        for (int tries = 0; tries < 3 && PeWriter.computedSizeOfImage(layout) != sizeOfImage && padding > 0; tries++) {
            layout = layout.withSections(PeLayout.Section.text(0x200), PeLayout.Section.bss(padding));
            padding -= PeWriter.computedSizeOfImage(layout) - sizeOfImage;
        }
        assertEquals(sizeOfImage, PeWriter.computedSizeOfImage(layout), fileName);
        return Files.write(dir.resolve(fileName), PeWriter.write(layout));
    }

    private Path dll(String name, long sizeOfImage, String... imports) throws IOException {
        return module(name, true, sizeOfImage, 0x10000000L, 0x10000, imports);
    }

    private Path exe(String name, String... imports) throws IOException {
        return module(name, false, 0x10000, 0x10000, 0x10000, imports);
    }

    private JsonNode slot(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("slot", "--format", "json"));
        all.addAll(List.of(args));
        InProcessCli.Run run = InProcessCli.run(all.toArray(String[]::new));
        assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run.err());
        return JSON.readTree(run.out());
    }

    private static JsonNode process(JsonNode map, String root) {
        for (JsonNode p : map.get("processes")) {
            if (p.get("root").asText().equals(root)) {
                return p;
            }
        }
        throw new AssertionError("no process " + root + " in " + map);
    }

    private static JsonNode placed(JsonNode map, String root, String module) {
        for (JsonNode m : process(map, root).get("modules")) {
            if (m.get("name").asText().equalsIgnoreCase(module)) {
                return m;
            }
        }
        throw new AssertionError("no " + module + " in " + root);
    }

    private JsonNode twoProcesses(long sizeOfY) throws IOException {
        Path a = exe("a.exe", "x.dll");
        dll("x.dll", 0x10000);
        Path b = exe("b.exe", "y.dll");
        dll("y.dll", sizeOfY);
        return slot("--top", "0x00980000", a.toString(), b.toString());
    }

    @Test
    void example1_yGoesBelowXThatAnotherProcessLoaded() throws IOException {
        JsonNode map = twoProcesses(0x20000);
        assertEquals(0x00970000L, placed(map, "a.exe", "x.dll").get("base").asLong());
        assertEquals(0x00950000L, placed(map, "b.exe", "y.dll").get("base").asLong());
        assertEquals(2, placed(map, "b.exe", "y.dll").get("blocks").asInt());
    }

    @Test
    void example1_0x1F000StillTakesTwoBlocks() throws IOException {
        assertEquals(0x00950000L, placed(twoProcesses(0x1F000), "b.exe", "y.dll").get("base").asLong());
    }

    @Test
    void example1_0x21000TakesThreeBlocks() throws IOException {
        JsonNode y = placed(twoProcesses(0x21000), "b.exe", "y.dll");
        assertEquals(0x00940000L, y.get("base").asLong());
        assertEquals(3, y.get("blocks").asInt());
    }

    @Test
    void example2_pocketPc2002IgnoresImageBaseAndWastes0x8000() throws IOException {
        Path app = exe("app.exe", "app.dll");
        dll("app.dll", 0x18000);
        JsonNode map = slot("--device", Path.of(System.getProperty("pescope.testdata", "testdata"), "ce/ppc2002.json").toString(),
                app.toString());
        JsonNode placed = placed(map, "app.exe", "app.dll");
        assertEquals(0x00A90000L, placed.get("base").asLong());
        assertEquals(0x8000L, placed.get("slack").asLong());
        assertEquals(0x00A90000L, map.get("dllLow").asLong());
    }

    @Test
    void example3_thirtySmallDllsLandOneBlockApartAndWaste1620Kb() throws IOException {
        String[] names = new String[30];
        for (int i = 0; i < 30; i++) {
            names[i] = String.format("small%02d.dll", i + 1);
            // 10 KB images: 512-byte alignment lets SizeOfImage be exactly 0x2800.
            module(names[i], true, 0x2800, 0x10000000L, 0x10000, 0x200);
        }
        Path app = exe("app.exe", names);
        JsonNode map = slot(app.toString());
        assertEquals(0x01FF0000L, placed(map, "app.exe", "small01.dll").get("base").asLong());
        assertEquals(0x01FE0000L, placed(map, "app.exe", "small02.dll").get("base").asLong());
        assertEquals(0x01E20000L, placed(map, "app.exe", "small30.dll").get("base").asLong());
        long slack = 0;
        for (JsonNode m : process(map, "app.exe").get("modules")) {
            slack += m.get("slack").asLong();
        }
        assertEquals(1620 * 1024L, slack);
    }

    @Test
    void example4_aHeapInTheWayFailsTheLoadWithError14() throws IOException {
        Path b = exe("b.exe");
        Path y = dll("y.dll", 0x20000);
        Path device = Files.writeString(dir.resolve("device.json"), """
                {"name": "kb303444", "ceVersion": 3,
                 "romDlls": [{"name": "(ROM)", "base": "0x00970000", "sizeOfImage": "0x01690000"}],
                 "processAllocations": [{"process": "b.exe", "base": "0x00900000", "size": "0x60000", "kind": "heap"}]}
                """);
        JsonNode map = slot("--device", device.toString(), "--load", "b.exe=" + y, b.toString());
        JsonNode failures = process(map, "b.exe").get("failures");
        assertEquals(1, failures.size());
        assertEquals("y.dll", failures.get(0).get("module").asText());
        assertEquals(14, failures.get(0).get("error").asInt());
    }

    @Test
    void example5_anExeOf73PagesTakesFiveBlocks() throws IOException {
        Path app = module("app.exe", false, 0x49000, 0x10000, 0x10000);
        JsonNode allocations = process(slot(app.toString()), "app.exe").get("allocations");
        assertEquals(0x00010000L, allocations.get(0).get("base").asLong());
        assertEquals(5, allocations.get(0).get("blocks").asInt());
        assertEquals(0x00060000L, allocations.get(1).get("base").asLong());
    }

    @Test
    void example6_stackReservesFollowTheCeRules() throws IOException {
        assertEquals(0x10000L, stackOf(0x10000));
        assertEquals(0x4000L, stackOf(0x800));
        assertEquals(0x100000L, stackOf(0x200000));
    }

    private long stackOf(long reserve) throws IOException {
        Path app = module("stack" + reserve + ".exe", false, 0x10000, 0x10000, reserve);
        for (JsonNode a : process(slot(app.toString()), app.getFileName().toString()).get("allocations")) {
            if (a.get("kind").asText().equalsIgnoreCase("stack")) {
                return a.get("size").asLong();
            }
        }
        throw new AssertionError("no stack");
    }

    @Test
    void example7_ce6HonoursImageBaseInsideTheRegionElseTakesTheLowestFreeAddress() throws IOException {
        module("dll1.dll", true, 0x18000, 0x10000000L, 0x10000);
        module("dll2.dll", true, 0x8000, 0x40100000L, 0x10000);
        module("dll3.dll", true, 0x5000, 0x10000000L, 0x10000);
        Path app = exe("app.exe", "dll1.dll", "dll2.dll", "dll3.dll");
        Path device = Files.writeString(dir.resolve("ce6.json"), """
                {"name": "CE 6.0", "ceVersion": 6,
                 "romDlls": [{"name": "(ROM)", "base": "0x40000000", "sizeOfImage": "0x30000"}]}
                """);
        JsonNode map = slot("--device", device.toString(), app.toString());
        assertEquals(0x40030000L, placed(map, "app.exe", "dll1.dll").get("base").asLong());
        assertEquals(0x40100000L, placed(map, "app.exe", "dll2.dll").get("base").asLong());
        assertEquals(0x40050000L, placed(map, "app.exe", "dll3.dll").get("base").asLong());
    }
}
