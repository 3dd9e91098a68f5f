package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pescope.testing.Oracles;

/**
 * Wine's own PE modules (Debian's wine64, when installed) resolve completely from Wine's folder:
 * every module found, every imported name and ordinal exported, forwarders followed. Skipped when
 * Wine is not there.
 */
class WineDepsTest {

    private static final Path WINE = Path.of(System.getProperty("pescope.wine", "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
    private static final FileSystemLocator LOCATOR = new FileSystemLocator();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "notepad.exe", "cmd.exe", "kernel32.dll", "user32.dll", "gdi32.dll", "advapi32.dll", "shell32.dll", "ole32.dll",
        "oleaut32.dll", "comctl32.dll", "comdlg32.dll", "ws2_32.dll", "wininet.dll", "crypt32.dll", "rpcrt4.dll",
        "msvcrt.dll", "ucrtbase.dll", "d3d9.dll", "dinput8.dll", "winmm.dll", "setupapi.dll", "urlmon.dll"})
    void resolvesEveryModuleAndImportFromWinesOwnFolder(String module) {
        Oracles.require(Files.isRegularFile(WINE.resolve(module)), "Wine is not installed (Debian libwine)");

        DependencyGraph graph = new DependencyResolver(SearchPath.nt(List.of(WINE), List.of()), LOCATOR)
                .followingDelayLoads(true)
                .resolve(WINE.resolve(module));

        assertEquals(List.of(), graph.unresolvedModules());
        assertEquals(List.of(), graph.missingExports());
        assertTrue(graph.resolvesCompletely());
    }
}
