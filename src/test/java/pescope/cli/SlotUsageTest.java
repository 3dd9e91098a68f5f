package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mistake a user can make with {@code pescope slot}: one line naming it, exit 2, never "internal error". */
class SlotUsageTest {
    private static final Path CE = Path.of(System.getProperty("pescope.testdata", "testdata"), "ce");
    private static final String APP = CE.resolve("app.exe").toString();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--top -1                         | --top -1: must be from 0 to 0xFFFFFFFF",
        "--top 0x7FFFFFFFFFFFFFFF         | --top 0x7FFFFFFFFFFFFFFF: must be from 0 to 0xFFFFFFFF",
        "--top 0x02000001                 | --top 0x02000001: the ROM DLL area must start between 0x00010000 and 0x02000000",
        "--top banana                     | --top: not a number: 'banana'",
        "--order sideways                 | --order takes pre or post, not 'sideways'",
        "--ce 7                           | --ce takes a CE version from 2 to 6",
        "--load other.exe=x.dll           | --load other.exe=x.dll: no ROOT named other.exe is started (the ROOTs are app.exe)",
        "--load nodll                     | --load takes ROOT=DLL, e.g. app.exe=lazy.dll, not 'nodll'",
        "--unload app.exe=lazy.dll        | --unload app.exe=lazy.dll: app.exe has not loaded lazy.dll with --load before this --unload",
        "--alloc app.exe=1M:sideways      | --alloc app.exe=1M:sideways: the only flag is ':top-down', not ':sideways'",
        "--alloc app.exe=0                | --alloc app.exe=0: a size must be from 1 byte to 4 GB - 1, not '0'",
        "--alloc app.exe=5G               | --alloc app.exe=5G: not a size: '5G'",
        "--heap 0x100000000               | --heap 0x100000000: a size must be from 1 byte to 4 GB - 1",
        "-o /nonexistent/dir/x.svg        | -o /nonexistent/dir/x.svg: no such folder /nonexistent/dir",
        "--device /nonexistent/p.json     | --device /nonexistent/p.json: no such file",
        "--device /dev/zero               | --device /dev/zero: not a regular file",
        "--rom /nonexistent/rom           | --rom /nonexistent/rom: no such folder",
    })
    void isOneUsageLine(String options, String message) {
        List<String> args = new ArrayList<>(List.of("slot"));
        args.addAll(List.of(options.trim().split(" ")));
        args.add(APP);
        InProcessCli.Run run = InProcessCli.run(args.toArray(String[]::new));

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("pescope slot: " + message.trim()), run.err());
        assertFalse(run.err().contains("internal error"));
        assertEquals("", run.out());
    }

    @Test
    void unloadAfterTheMatchingLoadIsAccepted() {
        InProcessCli.Run run = InProcessCli.run("slot", "--device", CE.resolve("ppc2002.json").toString(), "--no-rollback",
                "--load", "app.exe=lazy.dll", "--unload", "app.exe=lazy.dll", APP);
        assertEquals(1, run.exitCode(), run.err()); // fixed.dll's 193, a finding
        assertEquals("", run.err());
    }

    @Test
    void outputToAFullDeviceIsAUsageLine() {
        if (!Files.exists(Path.of("/dev/full"))) {
            return;
        }
        InProcessCli.Run run = InProcessCli.run("slot", "-o", "/dev/full", APP);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("pescope slot: -o /dev/full: cannot write: No space left on device", run.err().strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"ceVerison\": 5}                          | not a valid device profile: unknown key 'ceVerison' (did you mean 'ceVersion'?)",
        "{\"ceVersion\": 3} trailing                 | not a valid device profile: not valid JSON",
        "{\"ceVersion\": 4294967299}                 | not a valid device profile: $.ceVersion",
        "{\"dllHighAddr\": 9223372036854775808}      | not a valid device profile: $.dllHighAddr",
        "[]                                         | not a valid device profile: a device profile is a JSON object, not array",
    })
    void badProfileIsOneUsageLine(String json, String message) throws Exception {
        Path profile = Files.writeString(temp.resolve("device.json"), json.trim());
        InProcessCli.Run run = InProcessCli.run("slot", "--device", profile.toString(), APP);

        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("pescope slot: --device " + profile + ": " + message.trim()), run.err());
    }

    @Test
    void profileThatIsNotUtf8IsNamedByItsFirstBadByte() throws Exception {
        Path profile = Files.write(temp.resolve("latin1.json"), "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        InProcessCli.Run run = InProcessCli.run("slot", "--device", profile.toString(), APP);

        assertEquals(2, run.exitCode());
        assertEquals("pescope slot: --device " + profile + ": not UTF-8 text: byte 0xE9 at offset 13", run.err().strip());
    }

    @Test
    void profileLargerThanTheCapIsRefusedUnread() throws Exception {
        Path profile = temp.resolve("huge.json");
        Files.write(profile, new byte[DeviceProfileFile.MAX_BYTES + 1]);
        InProcessCli.Run run = InProcessCli.run("slot", "--device", profile.toString(), APP);

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("larger than 1024 KB"), run.err());
    }

    @Test
    void fifoAsDeviceProfileDoesNotBlock() throws Exception {
        Path fifo = temp.resolve("device.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        InProcessCli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> InProcessCli.run("slot", "--device", fifo.toString(), APP));

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("not a regular file"), run.err());
    }

    @Test
    void romDirProblemIsBlamedOnTheProfileNotOnRom() throws Exception {
        Path profile = Files.writeString(temp.resolve("device.json"), "{\"romDir\": \"nothere\"}");
        InProcessCli.Run run = InProcessCli.run("slot", "--device", profile.toString(), APP);

        assertEquals(2, run.exitCode());
        assertEquals("pescope slot: --device " + profile + ": romDir " + temp.resolve("nothere") + ": no such folder",
                run.err().strip());
    }

    @Test
    void ceVersionWrittenAsPeopleWriteItIsAccepted() throws Exception {
        for (String version : List.of("\"5.0\"", "\"4.2\"")) {
            Path profile = Files.writeString(temp.resolve("device.json"), "{\"ceVersion\": " + version + "}");
            InProcessCli.Run run = InProcessCli.run("slot", "--format", "json", "--device", profile.toString(), APP);
            JsonNode map = new ObjectMapper().readTree(run.out());
            assertEquals(5, map.get("ceVersion").asInt(), run.err());
        }
    }

    @Test
    void helpCitesTheRepositorysOwnLoaderModelAndFitsEightyColumns() {
        InProcessCli.Run run = InProcessCli.run("slot", "--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("docs/ce-loader.md"));
        assertFalse(run.out().contains("shared/specs"));
        assertTrue(Files.exists(Path.of("docs/ce-loader.md")), "the help cites a file the repository has");
        run.out().lines().forEach(line -> assertTrue(line.length() <= 80, line.length() + ": " + line));
    }
}
