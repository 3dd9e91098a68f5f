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

import net.jqwik.api.Arbitrary;
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
