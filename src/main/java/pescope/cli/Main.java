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
            "  3  at least one input could not be read or is not a PE image"})
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
        System.exit(commandLine().execute(RawArguments.recover(args)));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
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
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pescope " + VERSION};
        }
    }
}
