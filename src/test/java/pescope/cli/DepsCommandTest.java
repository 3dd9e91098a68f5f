package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DepsCommandTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private Path notAPeFile() throws IOException {
        return Files.writeString(temp.resolve("readme.txt"), "This is a text file, long enough for a DOS header but without MZ.\n");
    }

    @Test
    void isASubcommandOfPescope() {
        run("--help");

        assertTrue(out.toString().contains("  deps "), out.toString());
    }

    @Test
    void explainsThePresetsTheStepNamesAndTheExitCodesInItsHelp() {
        assertEquals(0, run("deps", "--help"));

        String help = out.toString();
        assertTrue(help.contains("(importer); the --search folders in order"), help);
        assertTrue(help.contains("(exe); \\windows (windows); the root"), help);
        assertTrue(help.contains("Exit codes: 0 everything resolves; 1 something is missing or wrong;"), help);
    }

    @Test
    void exitsWith3AndNamesAnInputThatIsNotAPeImage() throws IOException {
        Path file = notAPeFile();

        assertEquals(3, run("deps", file.toString()));

        assertEquals("pescope: " + file + ": not a PE file: no MZ signature\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void exitsWith3ForAnInputThatDoesNotExist() {
        assertEquals(3, run("deps", temp.resolve("nosuch.exe").toString()));

        assertEquals("pescope: " + temp.resolve("nosuch.exe") + ": no such file\n", err.toString());
    }

    @Test
    void writesAnErrorObjectForAnUnreadableInputInJson() throws IOException {
        Path file = notAPeFile();

        assertEquals(3, run("deps", "--format", "json", file.toString()));

        assertEquals("{\"file\":\"" + file + "\",\"error\":\"not a PE file: no MZ signature\"}\n", out.toString());
    }

    @Test
    void refusesRomFoldersWithTheNtPreset() {
        assertEquals(2, run("deps", "--rom", "x", "app.exe"));

        assertTrue(err.toString().startsWith("--rom applies to --preset ce\n"), err.toString());
    }

    @Test
    void refusesPathFoldersWithTheCePreset() {
        assertEquals(2, run("deps", "--preset", "ce", "--path", "x", "app.exe"));

        assertTrue(err.toString().startsWith("--path applies to --preset nt\n"), err.toString());
    }

    @Test
    void refusesAnUnknownSearchStepAndNamesTheKnownOnes() {
        assertEquals(2, run("deps", "--search", "a", "--order", "rom", "app.exe"));

        assertTrue(err.toString().startsWith("--order: no search step named 'rom'; the steps are importer, search\n"), err.toString());
    }

    @Test
    void refusesMissingWithAnotherFormatThanList() {
        assertEquals(2, run("deps", "--missing", "--format", "json", "app.exe"));

        assertTrue(err.toString().startsWith("--missing prints a list; it cannot be combined with --format json\n"), err.toString());
    }

    @Test
    void refusesANegativeDepth() {
        assertEquals(2, run("deps", "--depth", "-1", "app.exe"));
    }

    @Test
    void refusesAnUnknownFormat() {
        assertEquals(2, run("deps", "--format", "svg", "app.exe"));
    }
}
