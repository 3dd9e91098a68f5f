package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar started by the ./pescope launcher, as a user starts it (issue 16): the class-data
 * sharing archive the build wrote holds nearly every class the common commands load, a text dump
 * loads no Jackson class, and a missing or stale archive costs time, never a word on the output.
 * Counts classes, not milliseconds, so it holds on a loaded CI machine. Run by failsafe after
 * package ({@code mvn verify}), on target/pescope.jar and target/pescope.jsa.
 */
class StartupArchiveIT {

    private static final Path BASE = Path.of(System.getProperty("pescope.basedir", "."));
    private static final Path LAUNCHER = BASE.resolve("pescope");
    private static final Path JAR = BASE.resolve("target/pescope.jar");
    private static final Path ARCHIVE = BASE.resolve("target/pescope.jsa");
    private static final Path TESTDATA = BASE.resolve("testdata");
    /** Not one of the training runs' files (importer.exe, gcc-x64.dll): the archive is not fitted to it. */
    private static final Path PE32_DLL = TESTDATA.resolve("bin/gcc-x86.dll");

    private static final double MIN_SHARED = 0.95;

    @TempDir
    Path temp;

    /** A run's exit code and output, and the classes it loaded, one -Xlog:class+load line each. */
    private record Run(int exitCode, String out, String err, List<String> classes) {

        long shared() {
            return classes.stream().filter(line -> line.endsWith("source: shared objects file")).count();
        }

        List<String> loaded(String prefix) {
            return classes.stream().filter(line -> line.contains("] " + prefix)).toList();
        }

        /** Classes the JDK generated at run time, such as the proxies behind annotations read by reflection. */
        List<String> proxies() {
            return classes.stream().filter(line -> line.endsWith("source: __dynamic_proxy__")).toList();
        }

        String describe() {
            return shared() + " of " + classes.size() + " classes from the archive";
        }
    }

    @Test
    void buildWroteTheArchive() {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing: run after package");
        assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " missing: the cds-archive execution in pom.xml failed (see target/cds/)");
    }

    @Test
    void textDumpLoadsNoJacksonClass() throws Exception {
        Run run = launch(LAUNCHER, "dump", PE32_DLL.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), run.loaded("com.fasterxml."));
    }

    @Test
    void textDumpOfEveryBlockLoadsNoJacksonClass() throws Exception {
        Run run = launch(LAUNCHER, "dump", "--all", PE32_DLL.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), run.loaded("com.fasterxml."));
    }

    @Test
    void checkInTextLoadsNoJacksonClass() throws Exception {
        Run run = launch(LAUNCHER, "check", PE32_DLL.toString());

        assertTrue(run.exitCode() <= 1, run.err());
        assertEquals(List.of(), run.loaded("com.fasterxml."));
    }

    /**
     * The root, dump and check commands are built through picocli's API: reading their annotations
     * made the JDK generate 8 proxy classes on a dump, which the archive cannot hold (issue 16).
     */
    @Test
    void dumpCreatesNoAnnotationProxy() throws Exception {
        Run run = launch(LAUNCHER, "dump", PE32_DLL.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), run.proxies());
    }

    @Test
    void checkCreatesNoAnnotationProxy() throws Exception {
        Run run = launch(LAUNCHER, "check", PE32_DLL.toString());

        assertTrue(run.exitCode() <= 1, run.err());
        assertEquals(List.of(), run.proxies());
    }

    @Test
    void jsonDumpWritesWithJacksonCoreAlone() throws Exception {
        Run run = launch(LAUNCHER, "dump", "--json", PE32_DLL.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(!run.loaded("com.fasterxml.jackson.core.").isEmpty(), "JSON is written by jackson-core's generator");
        assertEquals(List.of(), run.loaded("com.fasterxml.jackson.databind."));
    }

    @Test
    void archiveHoldsNearlyEveryClassOfATextDump() throws Exception {
        Run run = launch(LAUNCHER, "dump", PE32_DLL.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.shared() >= MIN_SHARED * run.classes().size(), run.describe());
    }

    @Test
    void archiveHoldsNearlyEveryClassOfAJsonDumpOfAFolder() throws Exception {
        Run run = launch(LAUNCHER, "dump", "-r", "--json", "-j2", TESTDATA.resolve("bin").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.shared() >= MIN_SHARED * run.classes().size(), run.describe());
    }

    @Test
    void archiveHoldsNearlyEveryClassOfACheck() throws Exception {
        Run run = launch(LAUNCHER, "check", PE32_DLL.toString());

        assertTrue(run.exitCode() <= 1, run.err());
        assertTrue(run.shared() >= MIN_SHARED * run.classes().size(), run.describe());
    }

    @Test
    void withoutTheArchiveTheLauncherRunsTheSameAndSaysNothing() throws Exception {
        Path checkout = copyOfTheLauncherAndJar();

        Run run = launch(checkout.resolve("pescope"), "dump", "--all", PE32_DLL.toString());

        assertEquals(launch(LAUNCHER, "dump", "--all", PE32_DLL.toString()).out(), run.out());
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        assertEquals(0, run.loaded("pescope.").stream().filter(line -> line.endsWith("shared objects file")).count());
    }

    @Test
    void anArchiveOfAnotherJarIsIgnoredSilently() throws Exception {
        // The copied jar has another path and modification time than the one the archive records.
        Path checkout = copyOfTheLauncherAndJar();
        Files.copy(ARCHIVE, checkout.resolve("target/pescope.jsa"));
        Files.setLastModifiedTime(checkout.resolve("target/pescope.jar"),
                java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() + 60_000));

        Run run = launch(checkout.resolve("pescope"), "dump", "--json", PE32_DLL.toString());

        assertEquals(launch(LAUNCHER, "dump", "--json", PE32_DLL.toString()).out(), run.out());
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        assertEquals(0, run.loaded("pescope.").stream().filter(line -> line.endsWith("shared objects file")).count());
    }

    @Test
    void aDamagedArchiveIsIgnoredSilently() throws Exception {
        Path checkout = copyOfTheLauncherAndJar();
        byte[] archive = Files.readAllBytes(ARCHIVE);
        Files.write(checkout.resolve("target/pescope.jsa"), java.util.Arrays.copyOf(archive, archive.length / 3));

        Run run = launch(checkout.resolve("pescope"), "dump", PE32_DLL.toString());

        assertEquals(launch(LAUNCHER, "dump", PE32_DLL.toString()).out(), run.out());
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
    }

    /** A checkout of its own: the launcher and the jar, with no archive beside it. */
    private Path copyOfTheLauncherAndJar() throws IOException {
        Path checkout = temp.resolve("checkout");
        Files.createDirectories(checkout.resolve("target"));
        Files.copy(LAUNCHER, checkout.resolve("pescope"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(JAR, checkout.resolve("target/pescope.jar"));
        return checkout;
    }

    /** Runs a launcher with the class+load log written to a file, so stdout and stderr are the user's. */
    private Run launch(Path launcher, String... args) throws Exception {
        Path log = Files.createTempFile(temp, "classes", ".log");
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        Path out = temp.resolve("out");
        Path err = temp.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("PESCOPE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        // The launcher starts the JVM that Maven runs on, whose archive this is.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "pescope did not finish");
        List<String> classes = Files.readAllLines(log).stream().filter(line -> line.contains(" source: ")).toList();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err), classes);
    }
}
