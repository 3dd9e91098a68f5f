package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.ce.Device;
import pescope.ce.DeviceProfileSchema;

/**
 * {@code pescope slot} with --heap, --alloc and --load on the CE application set in testdata/ce and
 * the Pocket PC 2002 profile (ROM area from 0x00AB0000). With --no-rollback app.exe keeps the DLLs
 * it placed before fixed.dll's 193 (testdata/ce/README.md): the lowest is small3.dll at 0x00A10000,
 * and only the EXE (0x00010000) lies below, so a heap from 0x00020000 of 159 blocks (10,176 KB)
 * ends exactly at DLL_LOW.
 */
class SlotScenarioCliTest {
    private static final Path CE = Path.of(System.getProperty("pescope.testdata", "testdata"), "ce");
    private static final String APP = CE.resolve("app.exe").toString();
    private static final String PPC = CE.resolve("ppc2002.json").toString();

    @TempDir
    Path temp;

    private static JsonNode json(InProcessCli.Run run) throws Exception {
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void aHeapUpToDllLowMakesTheLaterLoadFailAndSaysWhichLoadItBlocks() throws Exception {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback", "--device", PPC,
                "--heap", "app.exe=10176K", "--load", "app.exe=lazy.dll", APP);
        JsonNode app = json(run).get("processes").get(0);

        JsonNode heap = app.get("allocations").get(1);
        assertEquals("HEAP", heap.get("kind").asText());
        assertEquals(0x00020000L, heap.get("base").asLong());
        assertEquals(159, heap.get("blocks").asInt());
        assertEquals("lazy.dll", heap.get("blocksLoads").get(0).asText());
        // lazy.dll is offered 0x00A00000, the heap's top block.
        JsonNode lazy = app.get("failures").get(1);
        assertEquals("lazy.dll", lazy.get("module").asText());
        assertEquals(14, lazy.get("error").asInt());
        assertEquals("heap (0x9F0000)", lazy.get("blockedBy").asText());
    }

    @Test
    void whatIfsAreInJsonAdviceWithTheirOutcomes() throws Exception {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback", "--device", PPC,
                "--heap", "app.exe=10176K", "--load", "app.exe=lazy.dll", APP);
        JsonNode advice = json(run).get("advice");

        JsonNode less = find(advice, "LESS_HEAP");
        assertTrue(less.get("helps").asBoolean());
        assertEquals(1, less.get("blocks").asInt());
        // One block less: lazy.dll takes 0x00A00000; only fixed.dll's 193 is left.
        JsonNode outcome = less.get("outcomes").get(0);
        assertEquals(0x00A00000L, outcome.get("dllLow").asLong());
        assertEquals("fixed.dll", outcome.get("processes").get(0).get("failedLoads").get(0).asText());
        assertEquals(1, outcome.get("failures").asInt());

        // Loaded at start-up lazy.dll takes 0x00A00000 and the 159-block heap no longer fits.
        JsonNode early = find(advice, "LOAD_ESSENTIALS_FIRST");
        assertFalse(early.get("helps").asBoolean());

        // small1+small2 merged save a block: DLL_LOW after start-up rises to 0x00A20000, lazy.dll fits at 0x00A10000.
        JsonNode merge = find(advice, "MERGE_SMALL_DLLS");
        assertTrue(merge.get("helps").asBoolean());
        assertEquals(0x00A10000L, merge.get("outcomes").get(0).get("dllLow").asLong());
        assertEquals(2, json(run).get("baseline").get("failures").asInt());
    }

    @Test
    void compareListsTheScenarioAsGivenAndEachWhatIf() {
        InProcessCli.Run run = InProcessCli.run("slot", "--compare", "--no-rollback", "--device", PPC,
                "--heap", "app.exe=10176K", "--load", "app.exe=lazy.dll", APP);
        String out = run.out();
        int table = out.indexOf("Side by side");
        assertTrue(table > 0, out);
        List<String> rows = out.substring(table).lines().skip(2).toList();
        assertTrue(rows.get(0).matches("\\s+as given\\s+0x00A00000\\s+2\\s+app.exe 0 KB"), rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.matches("\\s+heap 10112 KB \\(app.exe\\)\\s+0x00A00000\\s+1\\s+app.exe 0 KB")),
                String.join("\n", rows));
    }

    @Test
    void topDownAllocationIsHonouredOnCe3AndStrippedOnCe5() throws Exception {
        InProcessCli.Run ce3 = InProcessCli.run("slot", "--format", "json", "--alloc", "small3.dll=64K:top-down",
                CE.resolve("small3.dll").toString());
        JsonNode alloc3 = json(ce3).get("processes").get(0).get("allocations").get(0);
        // A DLL root: an empty process holding small3.dll at 0x01FF0000; on CE 3.0 the region is the next block down.
        assertEquals("EXPLICIT_TOP_DOWN", alloc3.get("kind").asText());
        assertEquals(0x01FE0000L, alloc3.get("base").asLong());

        InProcessCli.Run ce5 = InProcessCli.run("slot", "--format", "json", "--ce", "5.0", "--alloc", "small3.dll=64K:top-down",
                CE.resolve("small3.dll").toString());
        JsonNode alloc5 = json(ce5).get("processes").get(0).get("allocations").get(0);
        // No EXE and no stack in a DLL's host process: bottom-up starts at block 1.
        assertEquals("EXPLICIT", alloc5.get("kind").asText());
        assertEquals(0x00010000L, alloc5.get("base").asLong());
    }

    @Test
    void loadFindsItsDllAlongTheCeSearchPathByBaseNameWhateverTheCase() throws Exception {
        // The CE search path compares base names without regard to case; a plain file lookup would not find LAZY.DLL.
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback", "--device", PPC,
                "--load", "app.exe=LAZY.DLL", APP);
        JsonNode app = json(run).get("processes").get(0);
        boolean placed = false;
        for (JsonNode m : app.get("modules")) {
            placed |= m.get("name").asText().equals("lazy.dll") && m.get("base").asLong() == 0x00A00000L;
        }
        assertTrue(placed, app.toString());
        assertEquals(1, app.get("failures").size(), app.get("failures").toString());
    }

    @Test
    void pinvokeTargetsAreLoadedAsLoadLibraryFromAPathOrTheSearchPath() throws Exception {
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback", "--device", PPC,
                "--pinvoke", "app.exe=" + CE.resolve("lazy.dll"), APP);
        JsonNode app = json(run).get("processes").get(0);
        boolean placed = false;
        for (JsonNode m : app.get("modules")) {
            placed |= m.get("name").asText().equals("lazy.dll") && m.get("base").asLong() == 0x00A00000L
                    && m.get("loadedBy").asText().equals("LoadLibrary");
        }
        assertTrue(placed, app.toString());
    }

    @Test
    void aTruncatedDllIsRefusedWith193AndItsReasonNotPlaced() throws Exception {
        Path set = Files.createDirectory(temp.resolve("set"));
        try (Stream<Path> files = Files.list(CE)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".dll") || f.toString().endsWith(".exe")).toList()) {
                Files.copy(f, set.resolve(f.getFileName()));
            }
        }
        byte[] whole = Files.readAllBytes(set.resolve("small2.dll"));
        Files.write(set.resolve("small2.dll"), Arrays.copyOf(whole, 1200));
        InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--no-rollback", "--top", "0x00AB0000",
                set.resolve("app.exe").toString());
        JsonNode app = json(run).get("processes").get(0);

        JsonNode failure = app.get("failures").get(0);
        assertEquals("small2.dll", failure.get("module").asText());
        assertEquals(193, failure.get("error").asInt());
        assertTrue(failure.get("reason").asText().contains("small2.dll is damaged"), failure.toString());
        assertTrue(failure.get("reason").asText().contains("SECTION_RAW_DATA_PAST_EOF"), failure.toString());
        for (JsonNode m : app.get("modules")) {
            assertFalse(m.get("name").asText().equals("small2.dll"), "a damaged DLL is not placed");
        }
    }

    @Test
    void theSchemaAcceptsEveryDeviceProfileInTheRepository() throws Exception {
        List<Path> profiles = new ArrayList<>();
        for (Path root : List.of(Path.of("testdata"), Path.of("docs"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".json")).forEach(profiles::add);
            }
        }
        int checked = 0;
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : profiles) {
            JsonNode node = mapper.readTree(file.toFile());
            if (node.isObject() && (node.has("ceVersion") || node.has("romDlls"))) {
                assertEquals(java.util.Optional.empty(), DeviceProfileSchema.problem(node), file.toString());
                Device.parse(Files.readString(file), file.toAbsolutePath().getParent());
                checked++;
            }
        }
        assertTrue(checked >= 2, "profiles found: " + checked);
    }

    @Test
    void theSchemaIsPublishedBesideTheSources() {
        assertTrue(Files.exists(Path.of("src/main/resources" + DeviceProfileSchema.RESOURCE)));
    }

    private static JsonNode find(JsonNode advice, String kind) {
        for (JsonNode a : advice) {
            if (a.get("kind").asText().equals(kind)) {
                return a;
            }
        }
        throw new AssertionError("no " + kind + " in " + advice);
    }
}
