package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.ApiSetSchema;
import pescope.pe.ApiSetSchemaReader;
import pescope.testing.ApiSetSchemaBuilder;
import pescope.testing.ImageBuilder;

/** API set schemas of the three layouts, built by our writer, and the loader's rules for them. */
class ApiSetsTest {

    private static final Path APP = Path.of("/app");
    private static final Path SYS = Path.of("/sys");

    private static ApiSetSchemaBuilder windowsLike() {
        return new ApiSetSchemaBuilder()
                .entry("api-ms-win-core-appinit-l1-1-0", "kernel32.dll", "kernel32.dll", "kernelbase.dll")
                .entry("api-ms-win-core-synch-l1-2-1", "kernelbase.dll")
                .entry("api-ms-win-crt-runtime-l1-1-0", "ucrtbase.dll")
                .entry("ext-ms-win-gaming-xinput-l1-1-0", "");
    }

    private static ApiSets read(byte[] schema) throws IOException {
        return new ApiSets(ApiSetSchemaReader.parse(schema));
    }

    @Test
    void readsTheThreeLayoutsToTheSameContractsAndHosts() throws IOException {
        ApiSetSchemaBuilder builder = windowsLike();
        for (byte[] bytes : List.of(builder.v2(), builder.v4(), builder.v6())) {
            ApiSetSchema schema = ApiSetSchemaReader.parse(bytes);
            assertEquals(List.of(), schema.problems());
            assertEquals(4, schema.contracts().size());
            assertEquals(List.of(new ApiSetSchema.HostValue("", "kernel32.dll"), new ApiSetSchema.HostValue("kernel32.dll", "kernelbase.dll")),
                    schema.contracts().get(0).values());
        }
        assertEquals("ms-win-core-synch-l1-2-1", ApiSetSchemaReader.parse(builder.v4()).contracts().get(1).name());
        assertEquals("api-ms-win-core-synch-l1-2-1", ApiSetSchemaReader.parse(builder.v6()).contracts().get(1).name());
        assertEquals("api-ms-win-core-synch-l1-2", ApiSetSchemaReader.parse(builder.v6()).contracts().get(1).matchedName());
    }

    @Test
    void version6MatchesTheNameWithoutItsLastVersionPartIgnoringCase() throws IOException {
        ApiSets v6 = read(windowsLike().v6());

        assertEquals(new ApiSets.Hosted("api-ms-win-core-synch-l1-2-1", "kernelbase.dll"),
                v6.lookup("API-MS-Win-Core-Synch-L1-2-0.dll", "app.exe"));
        assertEquals(new ApiSets.NotAContract(), v6.lookup("api-ms-win-core-synch-l1-3-0.dll", "app.exe"));
    }

    @Test
    void versions2And4MatchTheWholeNameWithoutPrefix() throws IOException {
        for (byte[] bytes : List.of(windowsLike().v2(), windowsLike().v4())) {
            ApiSets schema = read(bytes);
            assertEquals(new ApiSets.Hosted("ms-win-crt-runtime-l1-1-0", "ucrtbase.dll"),
                    schema.lookup("api-ms-win-crt-runtime-l1-1-0.dll", "app.exe"));
            assertEquals(new ApiSets.NotAContract(), schema.lookup("api-ms-win-core-synch-l1-2-0.dll", "app.exe"));
        }
    }

    @Test
    void takesTheImporterSpecificHostOverTheDefault() throws IOException {
        ApiSets v6 = read(windowsLike().v6());

        assertEquals("kernel32.dll", ((ApiSets.Hosted) v6.lookup("api-ms-win-core-appinit-l1-1-0.dll", "app.exe")).host());
        assertEquals("kernelbase.dll", ((ApiSets.Hosted) v6.lookup("api-ms-win-core-appinit-l1-1-0.dll", "KERNEL32.DLL")).host());
    }

    @Test
    void anEntryWithNoHostIsAnAbsentContract() throws IOException {
        assertEquals(new ApiSets.Absent("ext-ms-win-gaming-xinput-l1-1-0"),
                read(windowsLike().v6()).lookup("ext-ms-win-gaming-xinput-l1-1-0.dll", "app.exe"));
    }

    @Test
    void leavesNamesWithoutTheApiOrExtPrefixToTheSearch() throws IOException {
        assertEquals(new ApiSets.NotAContract(), read(windowsLike().v6()).lookup("kernel32.dll", "app.exe"));
    }

    @Test
    void boundsACountThatClaimsMoreEntriesThanTheSchemaHolds() throws IOException {
        byte[] bytes = windowsLike().v6();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, 0x7FFFFFFF);

        ApiSetSchema schema = ApiSetSchemaReader.parse(bytes);

        assertFalse(schema.problems().isEmpty());
        assertTrue(schema.contracts().size() < 100, schema.contracts().size() + " contracts");
    }

    @Test
    void reportsAVersion6EntryWhoseHashDisagreesWithItsName() throws IOException {
        byte[] bytes = windowsLike().v6();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int table = buffer.getInt(20);
        buffer.putInt(table, buffer.getInt(table) ^ 1);

        ApiSetSchema schema = ApiSetSchemaReader.parse(bytes);

        assertEquals(1, schema.problems().size(), schema.problems().toString());
        assertTrue(schema.problems().get(0).endsWith("the loader cannot find it"), schema.problems().toString());
    }

    @Test
    void damagedSchemasOfEveryVersionGiveAnomaliesNeverAnException() {
        java.util.Random random = new java.util.Random(12);
        ApiSetSchemaBuilder builder = windowsLike();
        for (byte[] original : List.of(builder.v2(), builder.v4(), builder.v6())) {
            for (int round = 0; round < 2_000; round++) {
                byte[] bytes = original.clone();
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    bytes[4 + random.nextInt(bytes.length - 4)] = (byte) random.nextInt(256);
                }
                try {
                    ApiSetSchema schema = ApiSetSchemaReader.parse(bytes);
                    assertTrue(schema.contracts().size() <= bytes.length / 12, schema.contracts().size() + " contracts");
                } catch (IOException e) {
                    assertFalse(e.getMessage().isEmpty());
                }
            }
        }
    }

    private static DependencyGraph resolve(InMemoryLocator files, byte[] schema, boolean delay) throws IOException {
        return new DependencyResolver(SearchPath.nt(List.of(SYS), List.of()), files).withApiSets(read(schema))
                .followingDelayLoads(delay).resolve(APP.resolve("app.exe"));
    }

    @Test
    void resolvesAContractToItsHostWithAnApisetEdgeAndChecksSymbolsThere() throws IOException {
        InMemoryLocator files = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").imports("api-ms-win-core-synch-l1-2-0.dll", "Sleep", "Nope").build())
                .add(SYS.resolve("kernelbase.dll"), ImageBuilder.dll("kernelbase.dll").exports("Sleep").build());

        DependencyGraph graph = resolve(files, windowsLike().v6(), false);

        assertEquals(List.of("app.exe", "kernelbase.dll"), graph.modules().stream().map(ModuleNode::name).toList());
        assertEquals("apiset", graph.modules().get(1).foundBy());
        Edge edge = graph.edges().get(0);
        assertEquals(Edge.Kind.APISET, edge.kind());
        assertEquals("api-ms-win-core-synch-l1-2-0.dll", edge.contract());
        assertEquals(List.of("api-ms-win-core-synch-l1-2-0.dll!Nope"),
                graph.missingExports().stream().map(m -> m.dll() + "!" + m.symbol()).toList());
    }

    @Test
    void anAbsentContractFailsAStaticImportButNotADelayLoad() throws IOException {
        InMemoryLocator statically = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").imports("ext-ms-win-gaming-xinput-l1-1-0.dll", "f").build());
        InMemoryLocator delayed = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").delayImports("ext-ms-win-gaming-xinput-l1-1-0.dll", "f").build());

        DependencyGraph staticGraph = resolve(statically, windowsLike().v6(), true);
        DependencyGraph delayGraph = resolve(delayed, windowsLike().v6(), true);

        assertEquals(ModuleNode.Status.ABSENT, staticGraph.modules().get(1).status());
        assertFalse(staticGraph.resolvesCompletely());
        assertEquals(ModuleNode.Status.ABSENT, delayGraph.modules().get(1).status());
        assertTrue(delayGraph.resolvesCompletely());
    }
}
