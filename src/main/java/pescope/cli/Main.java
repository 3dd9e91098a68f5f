package pescope.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import pescope.report.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pescope} executable: a command with one subcommand per job. */
@Command(name = "pescope",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Inspect Windows PE/COFF images (EXE, DLL, SYS, EFI, .node...) without Windows.",
        subcommands = {DumpCommand.class, DepsCommand.class, SlotCommand.class, CheckCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  findings (missing dependencies, loads that fail, failed security checks)",
            "  2  usage error",
            "  3  an input could not be read (no such file, not a regular file, changed while",
            "     being read, out of memory), is not a PE image, or a folder given with -r",
            "     holds none"})
public final class Main implements Runnable {

    static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'pescope dump FILE'");
    }

    public static void main(String[] args) {
        OptionalInt underUtf8 = RawArguments.relaunchUnderUtf8(args);
        if (underUtf8.isPresent()) {
            System.exit(underUtf8.getAsInt());
        }
        CommandLine commandLine = commandLine();
        int exitCode;
        try {
            exitCode = execute(commandLine, RawArguments.recover(args));
        } catch (OutOfMemoryError e) {
            // Each file's own failures are caught where it is read; this is the batch around them.
            commandLine.getErr().print("pescope: out of memory (" + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise it with -Xmx)\n");
            exitCode = ExitCodes.UNREADABLE_INPUT;
        } catch (Error e) {
            commandLine.getErr().print("pescope: internal error: " + TerminalText.escape(e.toString()) + "\n");
            exitCode = ExitCodes.UNREADABLE_INPUT;
        }
        // Commands write with print and "\n" (one newline policy), which a PrintWriter flushes only
        // when told: flush both before exiting, or the last lines are lost.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /** Runs the command line, with dumpbin's spellings of dump's options taken as dump's own. */
    static int execute(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(DumpbinSpellings.translate(args, commandLine.getSubcommands().get("dump").getCommandSpec()));
        } catch (DumpbinSpellings.Unsupported e) {
            commandLine.getErr().print("pescope dump: " + TerminalText.escape(e.getMessage()) + "\n");
            commandLine.getErr().flush();
            return ExitCodes.USAGE;
        }
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // One writer pair for the whole command tree, so that main can flush what any command wrote.
        StandardOutput out = new StandardOutput();
        commandLine.setOut(out);
        commandLine.setErr(out.errorWriter());
        // --format json, --preset ce: option values read as typed, whatever the enum's case.
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(Path.class, new PathArgument());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            // picocli's own handler, with the message escaped: it quotes what was typed.
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().print(TerminalText.escape(exception.getMessage()) + "\n");
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(exception, cmd.getErr())) {
                cmd.usage(cmd.getErr());
            }
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        CheckCommand.addRuleTable(commandLine.getSubcommands().get("check").getCommandSpec().usageMessage());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            // A bug of ours still ends in one line, never a stack trace.
            cmd.getErr().print("pescope: internal error: " + TerminalText.escape(exception.toString()) + "\n");
            return ExitCodes.UNREADABLE_INPUT;
        });
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((exception, args) -> unknownCommand(exception) ? ExitCodes.USAGE
                : usage.handleParseException(exception, args));
        return commandLine;
    }

    /** "pescope frobnicate" is an unknown command, said in one line, not a page of usage. */
    private static boolean unknownCommand(CommandLine.ParameterException exception) {
        CommandLine cmd = exception.getCommandLine();
        if (!(exception instanceof CommandLine.UnmatchedArgumentException unmatched) || cmd.getParent() != null
                || unmatched.getUnmatched().isEmpty() || unmatched.getUnmatched().get(0).startsWith("-")) {
            return false;
        }
        cmd.getErr().print("pescope: unknown command '" + TerminalText.escape(unmatched.getUnmatched().get(0))
                + "'; the commands are dump, deps, slot, check and help (see 'pescope --help')\n");
        return true;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pescope " + VERSION};
        }
    }
}
