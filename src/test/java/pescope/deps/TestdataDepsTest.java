package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pescope.deps.ModuleNode.Status;

/**
 * The dependency-graph set of testdata/deps, resolved from the real files with the search path its
 * README gives (the application's folder, wrongarch/, lib/): each fact that README states.
 *
 * <p>Two deliberate differences from the README's convention, both because the NT loader binds
 * static imports at start-up and loads forwarder targets then (LDR_DLL_LOAD_REASON
 * LoadReasonStaticForwarderDependency): fwd2.dll, which app.exe needs through fwd1.dll!Y, is in the
 * initialisation order (before fwd1.dll, whose forward edge points to it), and the forwarder loop
 * fwd1 ⇄ fwd2 is a cycle of forward edges besides the import cycle cycA ⇄ cycB.
 */
class TestdataDepsTest {

    private static final Path DEPS = Path.of(System.getProperty("pescope.testdata", "testdata")).resolve("deps");

    private static DependencyResolver resolver(SearchPath.WrongMachine policy) {
        SearchPath path = SearchPath.nt(List.of(DEPS.resolve("wrongarch"), DEPS.resolve("lib")), List.of()).withWrongMachine(policy);
        return new DependencyResolver(path, new FileSystemLocator());
    }

    private static DependencyGraph app() {
        return resolver(SearchPath.WrongMachine.SKIP).resolve(DEPS.resolve("app.exe"));
    }

    private static List<String> names(List<ModuleNode> modules) {
        return modules.stream().map(ModuleNode::name).toList();
    }

    private static List<String> edges(DependencyGraph graph) {
        return graph.edges().stream().map(e -> e.from().name() + " -" + e.kind().code() + "-> " + e.to().name()).toList();
    }

    private static String relative(Path file) {
        return file == null ? "-" : DEPS.relativize(file).toString();
    }

    @Test
    void resolvesEachModuleOfAppExeToTheFileTheReadmeNames() {
        DependencyGraph graph = app();

        assertEquals(List.of("app.exe", "libB.dll", "libA.dll", "nothere.dll", "cycA.dll", "fwd1.dll", "fwd2.dll", "kernel32.dll", "cycB.dll"),
                names(graph.modules()));
        assertEquals(List.of("app.exe", "lib/libB.dll", "lib/libA.dll", "-", "lib/cycA.dll", "lib/fwd1.dll", "lib/fwd2.dll", "-", "lib/cycB.dll"),
                graph.modules().stream().map(m -> relative(m.path())).toList());
        assertEquals(List.of(Status.FOUND, Status.FOUND, Status.FOUND, Status.MISSING, Status.FOUND, Status.FOUND, Status.FOUND,
                Status.MISSING, Status.FOUND), graph.modules().stream().map(ModuleNode::status).toList());
    }

    @Test
    void passesOverTheArm64LibAAndReportsIt() {
        ModuleNode libA = app().modules().get(2);

        assertEquals("wrongarch/libA.dll", relative(libA.skipped()));
        assertEquals("lib/libA.dll", relative(libA.path()));
        assertEquals(0x8664, libA.machine());
    }

    @Test
    void stopsAtTheArm64LibAUnderTheStopPolicy() {
        DependencyGraph graph = resolver(SearchPath.WrongMachine.STOP).resolve(DEPS.resolve("app.exe"));

        ModuleNode libA = graph.modules().get(2);
        assertEquals(Status.WRONG_MACHINE, libA.status());
        assertEquals("wrongarch/libA.dll", relative(libA.path()));
        assertEquals(0xAA64, libA.machine());
        assertEquals("lib/libA.dll", relative(libA.laterMatch()));
    }

    @Test
    void hasTheImportAndForwardEdgesInImportDirectoryOrder() {
        assertEquals(List.of(
                "app.exe -import-> libB.dll",
                "app.exe -import-> libA.dll",
                "app.exe -import-> nothere.dll",
                "app.exe -import-> cycA.dll",
                "app.exe -import-> fwd1.dll",
                "app.exe -import-> kernel32.dll",
                "libB.dll -import-> libA.dll",
                "cycA.dll -import-> cycB.dll",
                "fwd1.dll -forward-> fwd2.dll",
                "fwd2.dll -forward-> fwd1.dll",
                "fwd2.dll -forward-> libA.dll",
                "cycB.dll -import-> cycA.dll"), edges(app()));
    }

    @Test
    void reportsTheMissingExportsByOrdinalAndByNameAndTheForwarderLoop() {
        assertEquals(List.of(
                "app.exe → libA.dll!#99 not-exported",
                "app.exe → libA.dll!notExported not-exported",
                "app.exe → fwd1.dll!X forwarder-loop fwd1.dll!X → fwd2.dll!X → fwd1.dll!X"),
                app().missingExports().stream().map(m -> (m.describe("→") + " " + m.reason().code() + " " + m.detail()).strip()).toList());
    }

    @Test
    void findsTheImportCycleAndTheForwarderLoop() {
        assertEquals(List.of(List.of("cycA.dll", "cycB.dll"), List.of("fwd1.dll", "fwd2.dll")),
                app().cycles().stream().map(TestdataDepsTest::names).toList());
    }

    @Test
    void predictsTheInitialisationOrderFromAppExe() {
        assertEquals(List.of("libA.dll", "libB.dll", "cycB.dll", "cycA.dll", "fwd2.dll", "fwd1.dll", "app.exe"),
                app().initOrder().stream().map(s -> s.module().name()).toList());
        assertEquals(List.of(false, false, true, true, true, true, false),
                app().initOrder().stream().map(DependencyGraph.InitStep::orderDependsOnCycleEntry).toList());
    }

    @Test
    void addsTheDelayLoadedLibCOutsideTheStartUpOrder() {
        DependencyGraph graph = resolver(SearchPath.WrongMachine.SKIP).followingDelayLoads(true).resolve(DEPS.resolve("app.exe"));

        ModuleNode libC = graph.modules().stream().filter(m -> m.name().equals("libC.dll")).findFirst().orElseThrow();
        assertEquals("lib/libC.dll", relative(libC.path()));
        assertFalse(graph.loadsImplicitly(libC));
        assertTrue(edges(graph).contains("app.exe -delay-> libC.dll"));
        assertTrue(edges(graph).contains("libC.dll -import-> libA.dll"));
        assertEquals(List.of("libA.dll", "libB.dll", "cycB.dll", "cycA.dll", "fwd2.dll", "fwd1.dll", "app.exe"),
                graph.initOrder().stream().map(s -> s.module().name()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lib/libB.dll | libA.dll libB.dll",
        "lib/cycA.dll | cycB.dll cycA.dll",
        "lib/cycB.dll | cycA.dll cycB.dll",
        "lib/libC.dll | libA.dll libC.dll",
        "lib/libA.dll | libA.dll"})
    void resolvesTheOtherRootsCompletelyInTheReadmesOrder(String root, String order) {
        DependencyGraph graph = resolver(SearchPath.WrongMachine.SKIP).resolve(DEPS.resolve(root));

        assertEquals(List.of(order.split(" ")), graph.initOrder().stream().map(s -> s.module().name()).toList());
        assertTrue(graph.resolvesCompletely());
    }
}
