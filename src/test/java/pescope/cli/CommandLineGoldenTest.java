package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Help, version and usage errors byte for byte as picocli printed them when the root, dump and
 * check commands were declared by annotations (src/test/resources/golden-cli/): the models now built
 * through picocli's API (issue 16) must give the same text, option order, wrapping and exit codes.
 * bench/cli-identical.sh compares many more argument lists between two jars.
 */
class CommandLineGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden-cli");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("root-help", 0, new String[] {"--help"}),
                Arguments.of("version", 0, new String[] {"--version"}),
                Arguments.of("dump-help", 0, new String[] {"dump", "--help"}),
                Arguments.of("dump-help", 0, new String[] {"help", "dump"}),
                Arguments.of("dump-missing-file", 2, new String[] {"dump"}),
                Arguments.of("dump-jobs-zero", 2, new String[] {"dump", "-j", "0", "x.dll"}),
                Arguments.of("dump-jobs-too-many", 2, new String[] {"dump", "-j", "300", "x.dll"}),
                Arguments.of("dump-format-unknown", 2, new String[] {"dump", "--format", "xml", "x.dll"}),
                Arguments.of("dump-typo", 2, new String[] {"dump", "--headres", "x.dll"}),
                Arguments.of("dump-dumpbin-unsupported", 2, new String[] {"dump", "/DISASM", "x.dll"}),
                Arguments.of("check-help", 0, new String[] {"check", "--help"}),
                Arguments.of("check-help", 0, new String[] {"help", "check"}),
                Arguments.of("check-missing-file", 2, new String[] {"check"}),
                Arguments.of("check-format-unknown", 2, new String[] {"check", "--format", "xml", "x.dll"}),
                Arguments.of("check-jobs-zero", 2, new String[] {"check", "-j", "0", "x.dll"}),
                Arguments.of("deps-help", 0, new String[] {"deps", "--help"}),
                Arguments.of("deps-help", 0, new String[] {"help", "deps"}),
                Arguments.of("deps-missing-file", 2, new String[] {"deps"}),
                Arguments.of("deps-jobs-zero", 2, new String[] {"deps", "-j", "0", "x.dll"}),
                Arguments.of("deps-format-unknown", 2, new String[] {"deps", "--format", "xml", "x.dll"}),
                Arguments.of("deps-preset-unknown", 2, new String[] {"deps", "--preset", "xp", "x.dll"}),
                Arguments.of("deps-rom-with-nt", 2, new String[] {"deps", "--rom", "r", "x.dll"}),
                Arguments.of("deps-missing-with-format", 2, new String[] {"deps", "--missing", "--format", "json", "x.dll"}),
                Arguments.of("deps-typo", 2, new String[] {"deps", "--serch", "d", "x.dll"}),
                Arguments.of("unknown-command", 2, new String[] {"frobnicate"}));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void printsWhatTheAnnotatedCommandsPrinted(String golden, int exitCode, String[] args) throws IOException {
        InProcessCli.Run run = InProcessCli.run(args);

        assertEquals(read(golden + ".out"), run.out());
        assertEquals(read(golden + ".err"), run.err());
        assertEquals(exitCode, run.exitCode());
    }

    /** What check's model parses lands in the command's fields, lists split on commas. */
    @Test
    void checksOptionsAreSetInItsFields() {
        CommandLine commandLine = Main.commandLine("check");
        CheckCommand check = commandLine.getSubcommands().get("check").getCommand();

        commandLine.parseArgs("check", "--rules", "aslr,nx", "--rules=cfg", "--skip", "PS1011", "--fail-on", "warning",
                "--format", "sarif", "-o", "out.sarif", "-v", "-j", "2", "--progress", "a.dll");

        assertEquals(List.of("aslr", "nx", "cfg"), check.only);
        assertEquals(List.of("PS1011"), check.skip);
        assertEquals("warning", check.failOn);
        assertEquals(CheckCommand.Format.SARIF, check.format);
        assertEquals(Path.of("out.sarif"), check.output);
        assertTrue(check.verbose);
        assertEquals(2, check.batch.jobs);
        assertEquals(Boolean.TRUE, check.batch.progress);
        assertEquals(List.of(Path.of("a.dll")), check.files);
        assertNull(check.policyFile);
        assertNull(check.trustStoreFile);
    }

    /** What dump's model parses lands in the command's fields, as it did in the annotated ones. */
    @Test
    void dumpsOptionsAreSetInItsFields() {
        CommandLine commandLine = Main.commandLine("dump");
        CommandLine dumpLine = commandLine.getSubcommands().get("dump");
        DumpCommand dump = dumpLine.getCommand();

        commandLine.parseArgs("dump", "--format", "Json", "-j", "3", "--nologo", "--no-progress", "-r", "--all", "a.dll", "b.dll");

        assertEquals(DumpCommand.Format.JSON, dump.format);
        assertEquals(3, dump.batch.jobs);
        assertTrue(dump.nologo && dump.all && dump.batch.recursive && !dump.json && !dump.summary);
        assertEquals(Boolean.FALSE, dump.batch.progress);
        assertEquals(List.of(Path.of("a.dll"), Path.of("b.dll")), dump.files);
        assertSame(dumpLine.getCommandSpec(), dump.spec);

        commandLine.parseArgs("dump", "c.dll");

        assertEquals(DumpCommand.Format.TEXT, dump.format);
        assertTrue(!dump.nologo && !dump.all && !dump.batch.recursive);
        assertNull(dump.batch.progress);
        assertEquals(List.of(Path.of("c.dll")), dump.files);
    }

    private static String read(String name) throws IOException {
        Path file = GOLDEN.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
