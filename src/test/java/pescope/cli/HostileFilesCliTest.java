package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.pe.ImageFile;
import pescope.pe.PeImage;
import pescope.pe.PeReader;

/** Special files, unreadable trees and a dumpbin user's habits: one line each, the batch goes on. */
class HostileFilesCliTest {

    private static final Path X64_DLL = DumpCommandTest.X64_DLL;
    private static final Path DEPS = DumpCommandTest.TESTDATA.resolve("deps");
    private static final Path CE = DumpCommandTest.TESTDATA.resolve("ce");
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private static InProcessCli.Run run(String... args) {
        return assertTimeoutPreemptively(NO_HANG, () -> InProcessCli.run(args), () -> "hung: " + String.join(" ", args));
    }

    @Test
    void aFifoOnTheCommandLineIsReportedAndTheNextFileDumped() throws Exception {
        Path fifo = mkfifo(temp.resolve("pipe.dll"));
        for (String jobs : List.of("1", "2")) {
            InProcessCli.Run run = run("dump", "--json", "--no-progress", "-j", jobs, fifo.toString(), X64_DLL.toString());
            assertEquals(3, run.exitCode());
            assertEquals("pescope: " + fifo + ": not a regular file (a FIFO)\n", run.err());
            assertTrue(run.out().contains("{\"file\":\"" + X64_DLL + "\",\"format\":\"PE32+\""), run.out());
        }
    }

    @Test
    void aFifoWhereDepsLooksForADependencyIsUnreadableNotAHang() throws Exception {
        Path app = Files.copy(DEPS.resolve("app.exe"), temp.resolve("app.exe"));
        mkfifo(temp.resolve("nothere.dll"));
        InProcessCli.Run run = run("deps", "--no-progress", "--format", "list", app.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("not a regular file (a FIFO)"), run.out());
    }

    @Test
    void aFifoAsTheSlotDeviceIsRefusedNotWaitedOn() throws Exception {
        Path fifo = mkfifo(temp.resolve("device.json"));
        InProcessCli.Run run = run("slot", "--device", fifo.toString(), CE.resolve("app.exe").toString());
        // A device profile is an option's value, so slot calls a bad one a usage error.
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("pescope") && run.err().contains(fifo.toString()) && run.err().contains("not a regular file"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aFileSwappedForAFifoAfterTheScanIsRefusedWhenRead() throws Exception {
        Path good = Files.copy(X64_DLL, temp.resolve("good.dll"));
        Path swapped = Files.copy(X64_DLL, temp.resolve("swapped.dll"));
        List<InputFiles.Input> inputs = InputFiles.expand(List.of(temp), true).inputs();
        assertEquals(List.of(InputFiles.Input.file(good), InputFiles.Input.file(swapped)), inputs);
        Files.delete(swapped);
        mkfifo(swapped);
        List<String> problems = new ArrayList<>();
        for (InputFiles.Input input : inputs) {
            ImageFile.Outcome<PeImage> read = assertTimeoutPreemptively(NO_HANG, () -> ImageFile.read(input.path(), PeReader.headersOnly()));
            problems.add(read instanceof ImageFile.Failed<PeImage> failed ? failed.problem() : null);
        }
        assertEquals(java.util.Arrays.asList(null, "not a regular file (a FIFO)"), problems);
    }

    @Test
    void devicesAreNotRegularFiles() {
        InProcessCli.Run run = run("dump", "--no-progress", "/dev/zero", "/dev/null");
        assertEquals(3, run.exitCode());
        assertEquals("pescope: /dev/zero: not a regular file (a character device)\n"
                + "pescope: /dev/null: not a regular file (a character device)\n", run.err());
    }

    @Test
    void aFolderNestedPastPathMaxIsReportedAndTheRestOfTheTreeDumped() throws Exception {
        Path top = Files.createDirectory(temp.resolve("tree"));
        Files.copy(X64_DLL, top.resolve("a.dll"));
        Files.copy(X64_DLL, top.resolve("z.dll"));
        // Java cannot make a path past PATH_MAX (4096) in one go; the shell can, a step at a time.
        String name = "d".repeat(200);
        String script = "cd \"$1\" && for i in $(seq 1 25); do mkdir " + name + " && cd " + name + " || exit 1; done";
        Process process = new ProcessBuilder("bash", "-c", script, "bash", top.toString()).inheritIO().start();
        assertEquals(0, process.waitFor());
        InProcessCli.Run run = run("dump", "--no-progress", "-r", top.toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.out().contains("Dump of file " + top.resolve("a.dll")), run.out());
        assertTrue(run.out().contains("Dump of file " + top.resolve("z.dll")), run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().matches("pescope: " + java.util.regex.Pattern.quote(top.toString()) + "(/d{200})+: file name too long\n"),
                run.err());
        deleteDeepTree(top);
    }

    @Test
    void anUnreadableFolderAndFileAreEachReportedAndTheRestDumped() throws Exception {
        Path top = Files.createDirectory(temp.resolve("tree"));
        Files.copy(X64_DLL, top.resolve("a.dll"));
        Path locked = Files.createDirectory(top.resolve("locked"));
        Files.copy(X64_DLL, locked.resolve("b.dll"));
        Path unreadable = Files.copy(X64_DLL, top.resolve("c.dll"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        try {
            InProcessCli.Run run = runWithoutRootsReadOverride("dump", "--no-progress", "-r", top.toString());
            assertEquals(3, run.exitCode());
            assertTrue(run.out().contains("Dump of file " + top.resolve("a.dll")), run.out());
            assertEquals("pescope: " + unreadable + ": permission denied\n"
                    + "pescope: " + locked + ": cannot list folder: permission denied\n", run.err());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aSymbolicLinkToAFolderOnTheCommandLineIsFollowed() throws IOException {
        Path folder = Files.createDirectory(temp.resolve("real"));
        Files.copy(X64_DLL, folder.resolve("a.dll"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), folder);
        InProcessCli.Run run = run("dump", "--no-progress", "-r", link.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Dump of file " + link.resolve("a.dll")), run.out());
    }

    @Test
    void aScanThatFindsNothingSaysSo() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        InProcessCli.Run run = run("dump", "--no-progress", "-r", empty.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + empty + ": no PE images in this folder or its subfolders\n", run.err());
    }

    @Test
    void jobsAreBounded() {
        for (String jobs : List.of("0", "100000", "2147483647")) {
            InProcessCli.Run run = run("dump", "--jobs", jobs, X64_DLL.toString());
            assertEquals(2, run.exitCode());
            assertTrue(run.err().startsWith("--jobs must be between 1 and 256, not " + jobs + "\n"), run.err());
        }
        assertEquals(0, run("dump", "--jobs", "256", X64_DLL.toString(), X64_DLL.toString()).exitCode());
    }

    @Test
    void dumpbinSpellingsAreDumpsOwnOptions() {
        String expected = run("dump", "--headers", "--exports", X64_DLL.toString()).out();
        assertTrue(expected.contains("FILE HEADER VALUES"), expected);
        for (String[] spelling : List.of(new String[] {"-headers", "-exports"}, new String[] {"/HEADERS", "/EXPORTS"},
                new String[] {"/headers", "-Exports"})) {
            InProcessCli.Run run = run("dump", spelling[0], spelling[1], X64_DLL.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(expected, run.out());
        }
        assertEquals(run("dump", "--all", "--nologo", X64_DLL.toString()).out(), run("dump", "/ALL", "/NOLOGO", X64_DLL.toString()).out());
    }

    @Test
    void dumpbinSwitchesPescopeLacksAreRefusedWithAHint() {
        InProcessCli.Run run = run("dump", "/DISASM", X64_DLL.toString());
        assertEquals(2, run.exitCode());
        assertEquals("pescope dump: dumpbin's /DISASM is not supported by pescope dump; see 'pescope dump --help'\n", run.err());
        InProcessCli.Run hello = run("dump", "-hello", X64_DLL.toString());
        assertEquals(2, hello.exitCode());
        assertEquals("", hello.out(), "never taken as -h");
    }

    @Test
    void anUnknownCommandIsNamed() {
        InProcessCli.Run run = run("frobnicate");
        assertEquals(2, run.exitCode());
        assertEquals("pescope: unknown command 'frobnicate'; the commands are dump, deps, slot, check and help (see 'pescope --help')\n", run.err());
    }

    @Test
    void aDashReadsStandardInput() throws IOException {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(X64_DLL)));
            InProcessCli.Run run = run("dump", "--json", "-");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("{\"file\":\"-\",\"format\":\"PE32+\",\"machine\":34404"), run.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void objectFilesAndArchivesAreNamedForWhatTheyAre() throws IOException {
        Path object = Files.write(temp.resolve("x.obj"), java.util.Arrays.copyOf(new byte[] {0x4C, 0x01, 2, 0}, 100));
        Path archive = Files.writeString(temp.resolve("x.lib"), "!<arch>\n" + " ".repeat(60));
        InProcessCli.Run run = run("dump", "--no-progress", object.toString(), archive.toString());
        assertEquals(3, run.exitCode());
        assertEquals("pescope: " + object + ": not a PE file: a COFF object file (x86), not an image\n"
                + "pescope: " + archive + ": not a PE file: an archive (.lib or .a), not an image\n", run.err());
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, process.waitFor(), "mkfifo " + path);
        return path;
    }

    /**
     * Root reads any file whatever its mode, so as root the CLI runs in a child JVM without the
     * two capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); otherwise in this one.
     */
    private static InProcessCli.Run runWithoutRootsReadOverride(String... args) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return run(args);
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        int code = process.waitFor();
        assertFalse(new String(err, StandardCharsets.UTF_8).contains("\tat "));
        return new InProcessCli.Run(code, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void deleteDeepTree(Path top) throws IOException, InterruptedException {
        // rm walks by file descriptor, so it can delete what Java's paths cannot reach.
        assertEquals(0, new ProcessBuilder("rm", "-rf", top.toString()).inheritIO().start().waitFor());
    }
}
