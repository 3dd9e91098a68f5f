package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.testing.AmplifiedExports;

/**
 * The CLI end to end in a 64 MB heap on a 4 MB DLL whose export tables ask for gigabytes
 * (issue 10, item 1): the dump is written as it is rendered, and the parse is bounded by the
 * file's size. Runs a separate JVM, since the heap limit is a JVM option.
 */
class BoundedHeapDumpTest {

    @TempDir
    Path temp;

    @Test
    void dumpExportsOfAnAmplifyingDllRunsInA64MegabyteHeap() throws Exception {
        Run run = dumpAt64m("--exports", "--nologo");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("EXPORT_TABLE_TOO_LONG: export directory: names and forwarders of"), "no budget anomaly");
        assertTrue(run.out().endsWith("  Summary\n\n      401000 .edata\n"), "dump not finished");
    }

    @Test
    void dumpJsonOfAnAmplifyingDllRunsInA64MegabyteHeap() throws Exception {
        Run run = dumpAt64m("--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(1, run.out().lines().count());
    }

    private record Run(int exitCode, String out, String err) {}

    private Run dumpAt64m(String... options) throws Exception {
        Path dll = Files.write(temp.resolve("amplified.dll"), AmplifiedExports.overlapping(1, 4 << 20));
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "dump"));
        command.addAll(List.of(options));
        command.add(dll.toString());
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "dump did not finish");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
