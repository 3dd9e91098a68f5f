package pescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names that are not ASCII, given on the command line of a real JVM: under the POSIX locale
 * (no LANG, no LC_*), where Java alone cannot name them, and a name that is not UTF-8 at all. The
 * names are made and passed by the shell as bytes, since this JVM may not be able to spell them.
 */
class LocaleTest {

    private static final Path DLL = DumpCommandTest.X64_DLL.toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void aUtf8FileNameIsFoundUnderThePosixLocale() throws Exception {
        Run run = pescope(Map.of(), "caf\\303\\251.dll", "dump", "--nologo");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("\nDump of file café.dll\n"), run.out);
    }

    @Test
    void aFileNameThatIsNotUtf8IsFoundAndShownByteEscaped() throws Exception {
        Run run = pescope(Map.of("LC_ALL", "C.UTF-8"), "bad\\351.dll", "dump", "--nologo");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("\nDump of file bad\\xe9.dll\n"), run.out);
    }

    @Test
    void aFileNameThatIsNotUtf8IsFoundUnderThePosixLocale() throws Exception {
        Run run = pescope(Map.of(), "bad\\351.dll", "dump", "--json");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.startsWith("{\"file\":\"bad\\uDCE9.dll\",\"format\":\"PE32+\","), run.out);
    }

    @Test
    void aMissingNonAsciiFileIsReportedAsMissingUnderThePosixLocale() throws Exception {
        Run run = pescope(Map.of(), null, "dump", "--nologo", "nothere-\\303\\251.dll");
        assertEquals(3, run.exitCode, run.err);
        assertEquals("pescope: nothere-é.dll: no such file\n", run.err);
    }

    private record Run(int exitCode, String out, String err) {}

    /**
     * Copies the test DLL to {@code printfName} (a printf format: octal escapes give raw bytes) in
     * a temporary folder and runs {@code pescope ARGS... NAME} there, with no locale variable set
     * but {@code locale}.
     */
    private Run pescope(Map<String, String> locale, String printfName, String... args) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        if (printfName != null) {
            script.append("cp \"$1\" \"$(printf '").append(printfName).append("')\" && ");
        }
        script.append("exec \"$2\" -cp \"$3\" pescope.cli.Main");
        for (String arg : args) {
            // Options as they are (printf would take them for its own); names through printf.
            script.append(arg.startsWith("-") ? " " + arg : " \"$(printf '" + arg + "')\"");
        }
        if (printfName != null) {
            script.append(" \"$(printf '").append(printfName).append("')\"");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", script.toString(), "sh", DLL.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path")))
                .directory(temp.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG") || name.equals("LANGUAGE")
                || name.equals(RawArguments.RELAUNCHED) || name.equals("JDK_JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS"));
        environment.putAll(locale);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "pescope finished");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
