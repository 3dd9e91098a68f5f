package pescope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The {@code pescope} command run in this JVM, for tests outside this package. */
public final class InProcessCli {

    /** How a run ended: its exit code and everything it printed. */
    public record Run(int exitCode, String out, String err) {}

    private InProcessCli() {}

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.execute(cli, args);
        return new Run(code, out.toString(), err.toString());
    }
}
