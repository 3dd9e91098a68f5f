package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.testing.ImageBuilder;

/** The NT presets' order: KnownDLLs first, the application folder is the root's, SafeDllSearchMode. */
class NtLoaderOrderTest {

    private static final Path APP = Path.of("/app");
    private static final Path LIB = Path.of("/lib");
    private static final Path SYS = Path.of("/sys");
    private static final Path CWD = Path.of("/cwd");

    private static SearchPath win10(List<String> knownDlls, boolean safeDllSearchMode) {
        return SearchPath.windows(SearchPath.Windows.WIN10,
                new SearchPath.NtFolders(SYS, null, CWD, List.of(LIB), List.of(), knownDlls, safeDllSearchMode));
    }

    private static ModuleNode module(DependencyGraph graph, String name) {
        return graph.modules().stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst().orElseThrow();
    }

    @Test
    void takesAKnownDllFromTheSystemFolderEvenWhenTheApplicationFolderHasOne() {
        InMemoryLocator files = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").imports("user32.dll").build())
                .add(APP.resolve("user32.dll"), ImageBuilder.dll("user32.dll").build())
                .add(SYS.resolve("user32.dll"), ImageBuilder.dll("user32.dll").build());

        DependencyGraph known = new DependencyResolver(win10(null, true), files).resolve(APP.resolve("app.exe"));
        DependencyGraph unknown = new DependencyResolver(win10(List.of(), true), files).resolve(APP.resolve("app.exe"));

        assertEquals(SYS.resolve("user32.dll"), module(known, "user32.dll").path());
        assertEquals("knowndll", module(known, "user32.dll").foundBy());
        assertEquals(APP.resolve("user32.dll"), module(unknown, "user32.dll").path());
        assertEquals("application", module(unknown, "user32.dll").foundBy());
    }

    @Test
    void searchesTheRootsFolderNotTheImportingDllsFolder() {
        // libB sits in /lib; libC only beside it, libD beside both the EXE and libB.
        InMemoryLocator files = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").imports("libB.dll").build())
                .add(LIB.resolve("libB.dll"), ImageBuilder.dll("libB.dll").imports("libD.dll").build())
                .add(LIB.resolve("libD.dll"), ImageBuilder.dll("libD.dll").build())
                .add(APP.resolve("libD.dll"), ImageBuilder.dll("libD.dll").build());

        DependencyGraph graph = new DependencyResolver(win10(List.of(), true), files).resolve(APP.resolve("app.exe"));

        assertEquals(APP.resolve("libD.dll"), module(graph, "libD.dll").path());
        assertEquals("application", module(graph, "libD.dll").foundBy());
    }

    @Test
    void doesNotFindADllThatSitsOnlyBesideTheImportingDll() {
        InMemoryLocator files = new InMemoryLocator()
                .add(APP.resolve("app.exe"), ImageBuilder.exe("app.exe").imports("plugin.dll").build())
                .add(SYS.resolve("plugin.dll"), ImageBuilder.dll("plugin.dll").imports("helper.dll").build())
                .add(SYS.resolve("sub/helper.dll"), ImageBuilder.dll("helper.dll").build());

        DependencyGraph graph = new DependencyResolver(win10(List.of(), true), files).resolve(APP.resolve("app.exe"));

        assertEquals(ModuleNode.Status.MISSING, module(graph, "helper.dll").status());
    }

    @Test
    void putsTheCurrentFolderAfterTheSystemFoldersOnlyInSafeDllSearchMode() {
        assertEquals(List.of("knowndll", "application", "system", "search", "current"), win10(null, true).stepNames());
        assertEquals(List.of("knowndll", "application", "current", "system", "search"), win10(null, false).stepNames());
    }

    @Test
    void win7StopsAtAWrongMachineFileAndWin10SkipsIt() {
        assertEquals(SearchPath.WrongMachine.STOP, SearchPath.windows(SearchPath.Windows.WIN7,
                new SearchPath.NtFolders(SYS, null, null, List.of(), List.of(), null, true)).wrongMachine());
        assertEquals(SearchPath.WrongMachine.SKIP, win10(null, true).wrongMachine());
    }
}
