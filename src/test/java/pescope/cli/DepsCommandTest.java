package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DepsCommandTest {

    private static final Path DEPS = DumpCommandTest.TESTDATA.resolve("deps");
    private static final String[] SEARCH = {"--search", DEPS.resolve("wrongarch").toString(), "--search", DEPS.resolve("lib").toString()};

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
        assertTrue(help.contains("module\n         (application); --system (system);"), help);
        assertTrue(help.contains("(exe); \\windows (windows); the\n         root (root)."), help);
        assertTrue(help.contains("Exit codes: 0 everything resolves; 1 something is missing, damaged or wrong;"), help);
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

        assertTrue(err.toString().startsWith("--path applies to the NT presets (nt, win10, win7)\n"), err.toString());
    }

    @Test
    void refusesAnUnknownSearchStepAndNamesTheKnownOnes() {
        assertEquals(2, run("deps", "--search", "a", "--order", "rom", "app.exe"));

        assertTrue(err.toString().startsWith("--order: no search step named 'rom'; the steps are application, search\n"), err.toString());
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

    /** deps with the README's search path, the options and files given, then app.exe. */
    private int runOnApp(String... options) {
        String[] args = new String[1 + SEARCH.length + options.length + 1];
        args[0] = "deps";
        System.arraycopy(SEARCH, 0, args, 1, SEARCH.length);
        System.arraycopy(options, 0, args, 1 + SEARCH.length, options.length);
        args[args.length - 1] = DEPS.resolve("app.exe").toString();
        return run(args);
    }

    @Test
    void exitsWith1WhenSomethingIsMissing() {
        assertEquals(1, runOnApp());

        assertTrue(out.toString().startsWith("app.exe (x64)\n  libB.dll\n    libA.dll [wrong machine skipped]\n"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void printsOnlyTheMissingNamesForScripts() {
        assertEquals(1, runOnApp("--missing"));

        assertEquals("nothere.dll\nkernel32.dll\n", out.toString());
    }

    @Test
    void printsEachMissingNameOnceForSeveralFiles() {
        assertEquals(1, runOnApp("--missing", DEPS.resolve("app.exe").toString()));

        assertEquals("nothere.dll\nkernel32.dll\n", out.toString());
    }

    @Test
    void exitsWith0WhenEverythingResolves() {
        assertEquals(0, run("deps", "--format", "list", DEPS.resolve("lib/libB.dll").toString()));

        assertEquals(("libB.dll  " + DEPS.resolve("lib/libB.dll") + "  root\n"
                + "libA.dll  " + DEPS.resolve("lib/libA.dll") + "  application\n"), out.toString());
    }

    @Test
    void writesOneJsonObjectPerFileAndLine() {
        assertEquals(1, runOnApp("--format", "json", DEPS.resolve("lib/libB.dll").toString()));

        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"root\":\"libB.dll\""), lines[0]);
        assertTrue(lines[1].contains("\"initOrder\":[\"libA.dll\",\"libB.dll\",\"cycB.dll\",\"cycA.dll\",\"fwd2.dll\",\"fwd1.dll\",\"app.exe\"]"), lines[1]);
    }

    @Test
    void stopsAtTheWrongMachineFileWhenAsked() {
        assertEquals(1, runOnApp("--wrong-machine", "stop", "--format", "list"));

        assertTrue(out.toString().contains("\nlibA.dll      " + DEPS.resolve("wrongarch/libA.dll")), out.toString());
    }

    @Test
    void resolvesOneLevelWithDepthOne() {
        assertEquals(1, runOnApp("--depth", "1", "--format", "dot"));

        assertTrue(out.toString().contains("\"fwd1.dll\" -> \"fwd2.dll\" [style=dotted, label=\"forward\"];"), out.toString());
        assertTrue(!out.toString().contains("\"cycB.dll\""), "cycB.dll is two levels down");
    }

    @Test
    void drawsDelayEdgesDashedWithDelay() {
        assertEquals(1, runOnApp("--delay", "--format", "dot"));

        assertTrue(out.toString().contains("  \"app.exe\" -> \"libC.dll\" [style=dashed];\n"), out.toString());
    }

    @Test
    void reportsATruncatedDllAsDamagedAndExitsWith1() throws IOException {
        Path bin = DumpCommandTest.TESTDATA.resolve("bin");
        Files.copy(bin.resolve("gcc-x64.exe"), temp.resolve("gcc-x64.exe"));
        byte[] dll = Files.readAllBytes(bin.resolve("gcc-x64.dll"));
        Files.write(temp.resolve("gcc-x64.dll"), java.util.Arrays.copyOf(dll, 500));

        assertEquals(1, run("deps", "--format", "json", temp.resolve("gcc-x64.exe").toString()));

        String json = out.toString();
        assertTrue(json.contains("\"name\":\"gcc-x64.dll\",\"path\":\"" + temp.resolve("gcc-x64.dll") + "\",\"machine\":34404,"
                + "\"machineName\":\"x64\",\"status\":\"damaged\",\"foundBy\":\"application\""), json);
        assertTrue(json.contains("{\"kind\":\"SECTION_RAW_DATA_PAST_EOF\",\"message\":\"section #1 (.text): raw data 0x400+0x200 runs past the end of the file (0x1F4)\"}"), json);
        assertTrue(json.contains("\"resolves\":false"), json);
    }

    @Test
    void aTruncatedRootDoesNotResolve() throws IOException {
        byte[] dll = Files.readAllBytes(DumpCommandTest.TESTDATA.resolve("bin/gcc-x64.dll"));
        Files.write(temp.resolve("gcc-x64.dll"), java.util.Arrays.copyOf(dll, 500));

        assertEquals(1, run("deps", "--format", "list", temp.resolve("gcc-x64.dll").toString()));

        assertTrue(out.toString().startsWith("gcc-x64.dll  " + temp.resolve("gcc-x64.dll") + "  root [damaged]\n"), out.toString());
    }

    @Test
    void printsTheSameWithSeveralJobsAsWithOne() {
        String[] files = {DEPS.resolve("app.exe").toString(), DEPS.resolve("lib/libB.dll").toString(),
            DEPS.resolve("lib/cycA.dll").toString(), DEPS.resolve("lib/libC.dll").toString()};
        List<String> one = new java.util.ArrayList<>(List.of("deps", "-j", "1"));
        one.addAll(List.of(SEARCH));
        one.addAll(List.of(files));
        List<String> two = new java.util.ArrayList<>(one);
        two.set(2, "2");

        int exitOne = run(one.toArray(String[]::new));
        String outOne = out.toString();
        out.getBuffer().setLength(0);
        int exitTwo = run(two.toArray(String[]::new));

        assertEquals(1, exitOne);
        assertEquals(exitOne, exitTwo);
        assertEquals(outOne, out.toString());
        assertTrue(outOne.contains("cycA.dll"), outOne);
    }

    @Test
    void refusesJobsOutsideTheirBounds() {
        assertEquals(2, run("deps", "-j", "0", "app.exe"));

        assertTrue(err.toString().startsWith("--jobs must be between 1 and 256\n"), err.toString());
    }
}
