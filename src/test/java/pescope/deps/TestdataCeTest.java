package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Machine;

/** The Windows CE set of testdata/ce under the ce preset: the facts its README states. */
class TestdataCeTest {

    private static final Path CE = Path.of(System.getProperty("pescope.testdata", "testdata")).resolve("ce");

    private static DependencyGraph app() {
        return new DependencyResolver(SearchPath.ce(List.of(), List.of()), new FileSystemLocator())
                .followingDelayLoads(true)
                .resolve(CE.resolve("app.exe"));
    }

    private static List<String> names(List<ModuleNode> modules) {
        return modules.stream().map(ModuleNode::name).toList();
    }

    @Test
    void initialisesInTheReadmesLoadOrderWithCoredllLeftOut() {
        assertEquals(List.of("small2.dll", "small1.dll", "big.dll", "small3.dll", "medium.dll", "large.dll", "fixed.dll", "app.exe"),
                app().initOrder().stream().map(s -> s.module().name()).toList());
    }

    @Test
    void reachesModulesInPreOrderForTheSlotAllocator() {
        assertEquals(List.of("app.exe", "big.dll", "small1.dll", "small2.dll", "large.dll", "medium.dll", "small3.dll", "fixed.dll"),
                names(app().loadOrder()));
    }

    @Test
    void findsEveryDllInTheExeFolderAsThumbAndReportsOnlyCoredllMissing() {
        DependencyGraph graph = app();

        assertEquals(List.of("COREDLL.dll"), names(graph.unresolvedModules()));
        graph.modules().stream().filter(ModuleNode::isFound).forEach(m -> {
            assertEquals(Machine.THUMB.code(), m.machine(), m.name());
            assertEquals(m == graph.root() ? "root" : "exe", m.foundBy(), m.name());
        });
        assertEquals(List.of(), graph.missingExports());
    }

    @Test
    void leavesTheDelayLoadedLazyDllOutOfStartUp() {
        DependencyGraph graph = app();

        ModuleNode lazy = graph.modules().stream().filter(m -> m.name().equals("lazy.dll")).findFirst().orElseThrow();
        assertFalse(graph.loadsImplicitly(lazy));
    }
}
