package pescope.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import pescope.cli.InProcessCli;
import pescope.properties.RealFiles.MutatedFile;
import pescope.testing.PeMutations.HostileImage;

/**
 * The CLI on a hostile file: {@code dump --all} and {@code dump --json} exit 0, or 3 with one
 * line on stderr saying the file is not a PE image; never a stack trace, an internal error or a
 * second line. Exit 3 for a file that is a PE image would hide a parser bug, so it fails here.
 * Whatever the names in the file and the file's own name hold, no character that a terminal acts
 * on reaches stdout or stderr: only the layout's newlines.
 */
class CliRobustnessProperties {

    private static final Duration TIME_LIMIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path folder;

    @BeforeContainer
    static void createFolder() throws IOException {
        folder = Files.createTempDirectory("pescope-cli-properties");
    }

    @AfterContainer
    static void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property
    void dumpOfAHostileImageExitsZeroOrThreeWithoutAStackTrace(@ForAll("hostileImages") HostileImage hostile) throws IOException {
        dumpAllAndJson(hostile.bytes());
    }

    @Property
    void dumpOfAMutatedRealFileExitsZeroOrThreeWithoutAStackTrace(@ForAll("mutatedRealFiles") MutatedFile mutated) throws IOException {
        dumpAllAndJson(mutated.bytes());
    }

    @Property(tries = 300)
    void noControlCharacterFromAMutatedFileReachesStdoutOrStderr(@ForAll("mutatedRealFiles") MutatedFile mutated) throws IOException {
        checkEveryOutputIsEscaped(mutated.bytes());
    }

    @Property(tries = 300)
    void noControlCharacterFromAnInjectedNameReachesStdoutOrStderr(@ForAll("injectedNames") byte[] bytes) throws IOException {
        checkEveryOutputIsEscaped(bytes);
    }

    /** The testdata importer with one of its names overwritten by bytes a terminal would act on. */
    @Provide
    Arbitrary<byte[]> injectedNames() throws IOException {
        byte[] importer = Files.readAllBytes(Path.of(System.getProperty("pescope.testdata", "testdata"), "bin/impexp/x64/importer.exe"));
        List<String> names = List.of("exporter.dll", "kernel32.dll", "delayed.dll", "ByName", "ByNameAndOrdinal", "DataExport",
                "FwdHeap", "ExitProcess", "GetProcAddress", "LoadLibraryA", "DelayedByName", ".text", ".rdata");
        Arbitrary<Byte> hostileByte = Arbitraries.oneOf(
                Arbitraries.bytes().between((byte) 0, (byte) 0x1F),
                Arbitraries.integers().between(0x7F, 0xFF).map(value -> (byte) (int) value),
                Arbitraries.of((byte) '\\', (byte) 'a', (byte) '.', (byte) 0xC2, (byte) 0xE2, (byte) 0x80, (byte) 0xA8));
        return Combinators.combine(Arbitraries.of(names), hostileByte.array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as((name, injected) -> inject(importer, name, injected));
    }

    private static byte[] inject(byte[] image, String name, byte[] injected) {
        byte[] bytes = image.clone();
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(name + "\0");
        int length = Math.min(injected.length, name.length());
        System.arraycopy(injected, 0, bytes, at, length);
        return bytes;
    }

    @Provide
    Arbitrary<HostileImage> hostileImages() {
        return SuiteInputs.hostileImages();
    }

    @Provide
    Arbitrary<MutatedFile> mutatedRealFiles() {
        return SuiteInputs.mutatedRealFiles();
    }

    private static void dumpAllAndJson(byte[] bytes) throws IOException {
        Path file = Files.write(folder.resolve("mutated.dll"), bytes);
        try {
            InProcessCli.Run text = run("dump", "--all", "--no-progress", file.toString());
            checkExitAndStderr(text, file);
            if (text.exitCode() == 0) {
                assertTrue(text.out().contains("Dump of file " + file), text.out());
            }
            InProcessCli.Run json = run("dump", "--json", "--no-progress", file.toString());
            checkExitAndStderr(json, file);
            assertEquals(text.exitCode(), json.exitCode(), "text and JSON dumps agree on the exit code");
            checkOneJsonLine(json, file);
        } finally {
            Files.delete(file);
        }
    }

    /** dump (text and JSON) and deps (tree, --missing) on a file whose own name holds ESC, BEL and CR. */
    private static void checkEveryOutputIsEscaped(byte[] bytes) throws IOException {
        Path file = Files.write(folder.resolve("x\u001b]0;title\u0007\r.dll"), bytes);
        try {
            for (List<String> command : List.of(List.of("dump", "--all"), List.of("dump", "--json"), List.of("deps"),
                    List.of("deps", "--missing"), List.of("deps", "--format", "dot"))) {
                List<String> args = new java.util.ArrayList<>(command);
                args.add("--no-progress");
                args.add(file.toString());
                InProcessCli.Run run = run(args.toArray(String[]::new));
                assertOnlyNewlines(run.out(), command + " stdout");
                assertOnlyNewlines(run.err(), command + " stderr");
            }
        } finally {
            Files.delete(file);
        }
    }

    /** Nothing a terminal acts on: no C0 control but the newline, no DEL, no C1, no line separator, no lone surrogate. */
    private static void assertOnlyNewlines(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                i++;
                continue;
            }
            boolean actedOn = c < 0x20 && c != '\n' || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029
                    || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || Character.isSurrogate(c);
            if (actedOn) {
                fail(String.format("%s: U+%04X unescaped at %d:%n%s", where, (int) c, i, text));
            }
        }
    }

    private static InProcessCli.Run run(String... args) {
        var outcome = BoundedRun.run(String.join(" ", args), TIME_LIMIT, () -> InProcessCli.run(args));
        if (outcome.thrown() != null) {
            fail("the CLI threw " + outcome.thrown(), outcome.thrown());
        }
        return outcome.value();
    }

    private static void checkExitAndStderr(InProcessCli.Run run, Path file) {
        String err = run.err();
        assertFalse(err.contains("\tat "), "stack trace on stderr:\n" + err);
        if (run.exitCode() == 0) {
            assertEquals("", err);
            return;
        }
        assertEquals(3, run.exitCode(), "exit code; stderr:\n" + err);
        Pattern notAPe = Pattern.compile("pescope: " + Pattern.quote(file.toString()) + ": not a PE file: [^\n]+\n");
        assertTrue(notAPe.matcher(err).matches(), "stderr is one line saying why the file is not a PE image:\n" + err);
        assertFalse(err.contains("Exception"), err);
    }

    private static void checkOneJsonLine(InProcessCli.Run run, Path file) throws IOException {
        assertTrue(run.out().endsWith("\n") && run.out().indexOf('\n') == run.out().length() - 1,
                "one JSON line per file");
        JsonNode line = JSON.readTree(run.out());
        assertEquals(file.toString(), line.get("file").asText());
        assertEquals(run.exitCode() == 3, line.has("error"), line.toString());
    }
}
