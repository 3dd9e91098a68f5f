package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.InMemoryLocator;
import pescope.deps.SearchPath;
import pescope.testing.ImageBuilder;
import pescope.testing.Scenario;

class DepsRenderersTest {

    private final DependencyGraph graph = Scenario.resolve(true);

    @Test
    void drawsEachModuleOnceWithMarkersThenProblemsCyclesAndInitOrder() {
        assertEquals("""
                app.exe (x64)
                  libB.dll
                    libA.dll
                  libA.dll (see above)
                  nosuch.dll [missing]
                  libD.dll
                    libE.dll
                      libD.dll [cycle]
                      libD.dll (forward) [cycle]
                    libE.dll (forward) (see above)
                  libW.dll [wrong machine skipped]
                  libV.dll [wrong machine]
                  libC.dll (delay)
                    gone.dll [missing]

                Problems at load time:
                  missing: nosuch.dll, imported by app.exe
                  wrong machine skipped: libW.dll: passed over /arm/libW.dll, which is for ARM64, not x64; took /sys/libW.dll
                  wrong machine: libV.dll: no file for x64 on the search path; the first was /arm/libV.dll, which is for ARM64, not x64
                  missing export: app.exe → libA.dll!foo
                  missing export: app.exe → libA.dll!#7
                  missing export: app.exe → libD.dll!x (forwarder loop: libD.dll!x → libE.dll!y → libD.dll!x)

                Problems at delay-load time (on the first call into the module):
                  missing: gone.dll, imported by libC.dll
                  missing export: app.exe → libC.dll!c9

                Cycles (initialisation order depends on where the cycle is entered):
                  libD.dll, libE.dll

                Initialisation order (dependencies first):
                  1. libA.dll
                  2. libB.dll
                  3. libE.dll  (in a cycle: order depends on where the cycle is entered)
                  4. libD.dll  (in a cycle: order depends on where the cycle is entered)
                  5. libW.dll
                  6. app.exe
                """, new DepsTree().render(graph));
    }

    @Test
    void stopsIndentingPastTheLimitAndShowsTheDepthInstead() {
        InMemoryLocator files = new InMemoryLocator();
        files.add(Path.of("/app/app.exe"), ImageBuilder.exe("app.exe").imports("m1.dll").build());
        for (int i = 1; i <= DepsTree.MAX_INDENT_LEVELS + 2; i++) {
            files.add(Path.of("/app/m" + i + ".dll"), ImageBuilder.dll("m" + i + ".dll").imports("m" + (i + 1) + ".dll").build());
        }
        DependencyGraph chain = new DependencyResolver(SearchPath.nt(List.of(), List.of()), files).resolve(Path.of("/app/app.exe"));

        List<String> lines = new DepsTree().render(chain).lines().toList();

        String limit = "  ".repeat(DepsTree.MAX_INDENT_LEVELS);
        assertEquals(limit + "m64.dll", lines.get(64));
        assertEquals(limit + "[depth 65] m65.dll", lines.get(65));
        assertEquals(limit + "[depth 67] m67.dll [missing]", lines.get(67));
    }

    @Test
    void listsEachModuleOnceWithItsFileAndTheStepThatFoundIt() {
        String list = new DepsList().render(graph);

        assertEquals("""
                app.exe     /app/app.exe   root
                libB.dll    /app/libB.dll  application
                libA.dll    /sys/libA.dll  search2
                nosuch.dll  -              [missing]
                libD.dll    /sys/libD.dll  search2
                libE.dll    /sys/libE.dll  search2
                libW.dll    /sys/libW.dll  search2 [wrong machine skipped]
                libV.dll    /arm/libV.dll  search1 [wrong machine]
                libC.dll    /app/libC.dll  application (delay-load only)
                gone.dll    -              [missing] (delay-load only)
                """, list.substring(0, list.indexOf("\n\n") + 1));
    }

    @Test
    void listsOnlyTheMissingNamesForScripts() {
        assertEquals("nosuch.dll\ngone.dll\n", new DepsList().missing(graph));
    }

    @Test
    void writesTheJsonContractFields() {
        JsonNode json = new DepsJson(new ObjectMapper()).render(graph);

        assertEquals("app.exe", json.get("root").asText());
        assertEquals(List.of("app.exe", "libB.dll", "libA.dll", "nosuch.dll", "libD.dll", "libE.dll", "libW.dll", "libV.dll",
                "libC.dll", "gone.dll"), texts(json.get("modules"), "name"));
        assertEquals(List.of("found", "found", "found", "missing", "found", "found", "found", "wrong-machine", "found", "missing"),
                texts(json.get("modules"), "status"));
        JsonNode libW = json.get("modules").get(6);
        assertEquals("/sys/libW.dll", libW.get("path").asText());
        assertEquals("/arm/libW.dll", libW.get("skipped").asText());
        JsonNode libV = json.get("modules").get(7);
        assertEquals("/arm/libV.dll", libV.get("path").asText());
        assertEquals(0xAA64, libV.get("machine").asInt());
        assertEquals("{\"from\":\"app.exe\",\"to\":\"libC.dll\",\"kind\":\"delay\"}", json.get("edges").get(6).toString());
        assertEquals(List.of("foo", "#7", "x", "c9"), texts(json.get("missingExports"), "symbol"));
        assertEquals("{\"importer\":\"app.exe\",\"dll\":\"libA.dll\",\"symbol\":\"#7\",\"reason\":\"not-exported\",\"detail\":\"\",\"delayLoad\":false}",
                json.get("missingExports").get(1).toString());
        assertEquals("[[\"libD.dll\",\"libE.dll\"]]", json.get("cycles").toString());
        assertEquals("[\"libA.dll\",\"libB.dll\",\"libE.dll\",\"libD.dll\",\"libW.dll\",\"app.exe\"]", json.get("initOrder").toString());
        assertFalse(json.get("resolves").asBoolean());
    }

    @Test
    void drawsMissingModulesRedAndDelayEdgesDashed() {
        String dot = new DepsDot().render(graph);

        assertTrue(dot.startsWith("digraph \"app.exe\" {\n"));
        assertTrue(dot.contains("  \"nosuch.dll\" [color=red, fontcolor=red, label=\"nosuch.dll\\nmissing\"];\n"));
        assertTrue(dot.contains("  \"libV.dll\" [color=red, fontcolor=red, label=\"libV.dll\\nwrong machine\\nsearch1\"];\n"));
        assertTrue(dot.contains("  \"libW.dll\" [color=red, label=\"libW.dll\\nwrong machine skipped\\nsearch2\"];\n"));
        assertTrue(dot.contains("  \"app.exe\" -> \"libC.dll\" [style=dashed];\n"));
        assertTrue(dot.contains("  \"app.exe\" -> \"libB.dll\";\n"));
        assertTrue(dot.endsWith("}\n"));
    }

    @Test
    void escapesQuotesAndBackslashesInDotNames() {
        assertEquals("\"a\\\"b\\\\c\"", DepsDot.quote("a\"b\\c"));
    }

    @Test
    void labelsApiSetEdgesWithTheirContractAndModulesWithHowTheyWereFound() throws java.io.IOException {
        InMemoryLocator files = new InMemoryLocator();
        files.add(Path.of("/app/app.exe"), ImageBuilder.exe("app.exe").imports("api-ms-win-crt-heap-l1-1-0.dll", "malloc").build());
        files.add(Path.of("/sys/ucrtbase.dll"), ImageBuilder.dll("ucrtbase.dll").exports("malloc").build());
        pescope.deps.ApiSets schema = new pescope.deps.ApiSets(pescope.pe.ApiSetSchemaReader.parse(
                new pescope.testing.ApiSetSchemaBuilder().entry("api-ms-win-crt-heap-l1-1-0", "ucrtbase.dll").v6()));
        DependencyGraph apiset = new DependencyResolver(SearchPath.nt(List.of(Path.of("/sys")), List.of()), files)
                .withApiSets(schema).resolve(Path.of("/app/app.exe"));

        String dot = new DepsDot().render(apiset);
        String tree = new DepsTree().render(apiset);
        String json = new DepsJson(new ObjectMapper()).render(apiset).get("edges").toString();

        assertTrue(dot.contains("  \"app.exe\" -> \"ucrtbase.dll\" [color=blue, label=\"api-ms-win-crt-heap-l1-1-0.dll\"];\n"), dot);
        assertTrue(dot.contains("  \"ucrtbase.dll\" [label=\"ucrtbase.dll\\napiset\"];\n"), dot);
        assertTrue(tree.startsWith("app.exe (x64)\n  api-ms-win-crt-heap-l1-1-0.dll → ucrtbase.dll (apiset)\n"), tree);
        assertEquals("[{\"from\":\"app.exe\",\"to\":\"ucrtbase.dll\",\"kind\":\"apiset\",\"contract\":\"api-ms-win-crt-heap-l1-1-0.dll\",\"delay\":false}]", json);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }
}
