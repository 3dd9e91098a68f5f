package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.deps.ModuleNode.Status;
import pescope.pe.Machine;
import pescope.pe.PeImage;
import pescope.testing.ImageBuilder;

class SearchPathTest {

    private static final Path DEVICE = Path.of("/device");
    private static final Path ROM = Path.of("/rom");

    private final InMemoryLocator files = new InMemoryLocator();

    private void put(Path folder, ImageBuilder builder) {
        PeImage image = builder.machine(Machine.THUMB).build();
        files.add(folder.resolve(image.source()), image);
    }

    private DependencyGraph resolveOnCe(SearchPath path, Path exe) {
        return new DependencyResolver(path, files).resolve(exe);
    }

    @Test
    void namesTheNtStepsInOrder() {
        SearchPath path = SearchPath.nt(List.of(Path.of("/a"), Path.of("/b")), List.of(Path.of("/p")));

        assertEquals(List.of("application", "search1", "search2", "path"), path.stepNames());
    }

    @Test
    void namesTheCeStepsInOrder() {
        SearchPath path = SearchPath.ce(List.of(ROM), List.of(DEVICE));

        assertEquals(List.of("absolute", "rom", "exe", "windows", "root"), path.stepNames());
        assertEquals(SearchPath.Matching.BASE_NAME, path.matching());
    }

    @Test
    void movesNamedStepsToTheFrontAndKeepsTheRestInOrder() {
        SearchPath path = SearchPath.ce(List.of(ROM), List.of(DEVICE)).reorder(List.of("exe", "windows"));

        assertEquals(List.of("exe", "windows", "absolute", "rom", "root"), path.stepNames());
    }

    @Test
    void refusesToReorderAStepThatDoesNotExist() {
        SearchPath path = SearchPath.nt(List.of(), List.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> path.reorder(List.of("rom")));
        assertEquals("no search step named 'rom'; the steps are application", e.getMessage());
    }

    @Test
    void triesBothTheNameAndItsDllFormOnCe() {
        assertEquals(List.of("coredll", "coredll.dll"), SearchPath.Matching.BASE_NAME.candidates("coredll"));
        assertEquals(List.of("COREDLL.DLL", "COREDLL"), SearchPath.Matching.BASE_NAME.candidates("COREDLL.DLL"));
        assertEquals(List.of("coredll"), SearchPath.Matching.FILE_NAME.candidates("coredll"));
    }

    @Test
    void keysModulesByBaseNameOnCeAndByFileNameOnNt() {
        assertEquals("COREDLL", SearchPath.Matching.BASE_NAME.key("\\windows\\CoreDll.dll"));
        assertEquals("COREDLL.DLL", SearchPath.Matching.FILE_NAME.key("CoreDll.dll"));
        assertEquals("COREDLL", SearchPath.Matching.FILE_NAME.key("coredll"));
    }

    @Test
    void findsAnExtensionlessCeImportAsADllInTheWindowsFolderMatchedIgnoringCase() {
        Path app = Path.of("/device/Program Files/app");
        put(app, ImageBuilder.exe("app.exe").imports("coredll", "f").imports("libB.dll", "b"));
        put(app, ImageBuilder.dll("libB.dll").imports("COREDLL.dll", "f").exports("b"));
        put(DEVICE.resolve("Windows"), ImageBuilder.dll("coredll.dll").exports("f"));

        DependencyGraph graph = resolveOnCe(SearchPath.ce(List.of(), List.of(DEVICE)), app.resolve("app.exe"));

        assertEquals(List.of("app.exe", "coredll.dll", "libB.dll"), graph.modules().stream().map(ModuleNode::name).toList());
        assertEquals(Path.of("/device/Windows/coredll.dll"), graph.modules().get(1).path());
        assertEquals("windows", graph.modules().get(1).foundBy());
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void prefersARomModuleToOneInTheExeFolderOnCe() {
        Path app = Path.of("/app");
        put(app, ImageBuilder.exe("app.exe").imports("libA.dll"));
        put(app, ImageBuilder.dll("libA.dll"));
        put(ROM, ImageBuilder.dll("libA.dll"));

        ModuleNode libA = resolveOnCe(SearchPath.ce(List.of(ROM), List.of(DEVICE)), app.resolve("app.exe")).modules().get(1);

        assertEquals(Path.of("/rom/libA.dll"), libA.path());
        assertEquals("rom", libA.foundBy());
    }

    @Test
    void takesTheExeFolderFirstOnceReordered() {
        Path app = Path.of("/app");
        put(app, ImageBuilder.exe("app.exe").imports("libA.dll"));
        put(app, ImageBuilder.dll("libA.dll"));
        put(ROM, ImageBuilder.dll("libA.dll"));

        SearchPath path = SearchPath.ce(List.of(ROM), List.of(DEVICE)).reorder(List.of("exe"));
        ModuleNode libA = resolveOnCe(path, app.resolve("app.exe")).modules().get(1);

        assertEquals(Path.of("/app/libA.dll"), libA.path());
    }

    @Test
    void looksInTheExeFolderNotTheImportersOnCe() {
        Path app = Path.of("/app");
        Path lib = Path.of("/device/lib");
        put(app, ImageBuilder.exe("app.exe").imports("\\lib\\libB.dll"));
        put(lib, ImageBuilder.dll("libB.dll").imports("libA.dll"));
        put(lib, ImageBuilder.dll("libA.dll"));
        put(app, ImageBuilder.dll("libA.dll"));

        DependencyGraph graph = resolveOnCe(SearchPath.ce(List.of(), List.of(DEVICE)), app.resolve("app.exe"));

        assertEquals(List.of("absolute", "exe"), graph.modules().stream().skip(1).map(ModuleNode::foundBy).toList());
        assertEquals(Path.of("/app/libA.dll"), graph.modules().get(2).path());
    }

    @Test
    void acceptsThumbModulesInAnArmProcess() {
        Path app = Path.of("/app");
        files.add(app.resolve("app.exe"), ImageBuilder.exe("app.exe").machine(Machine.ARM).imports("libA.dll").build());
        put(app, ImageBuilder.dll("libA.dll"));

        DependencyGraph graph = resolveOnCe(SearchPath.ce(List.of(), List.of()), app.resolve("app.exe"));

        assertEquals(Status.FOUND, graph.modules().get(1).status());
    }
}
