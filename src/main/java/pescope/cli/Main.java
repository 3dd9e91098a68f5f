package pescope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import pescope.report.TerminalText;
import picocli.CommandLine;

/**
 * The {@code pescope} executable: a command with one subcommand per job. Its model, dump's and
 * check's are built through picocli's API ({@link #model()}), not read from annotations: each annotation
 * type read by reflection costs a generated proxy class the CDS archive cannot hold (issue 16).
 */
public final class Main implements Runnable {

    static final String VERSION = "0.1.0";

    /** The subcommands, in the order --help lists them. */
    private static final List<String> SUBCOMMANDS = List.of("dump", "deps", "slot", "check", "help");

    CommandLine.Model.CommandSpec spec;

    /** A new root command and its model, without subcommands. */
    private static CommandLine.Model.CommandSpec model() {
        Main main = new Main();
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(main, LazyFactory.INSTANCE)
                .name("pescope")
                .versionProvider(new Version());
        main.spec = spec;
        spec.usageMessage()
                .description("Inspect Windows PE/COFF images (EXE, DLL, SYS, EFI, .node...) without Windows.")
                .footerHeading("%nExit codes:%n")
                .footer(
                    "  0  success",
                    "  1  findings (missing dependencies, loads that fail, failed security checks)",
                    "  2  usage error",
                    "  3  an input could not be read (no such file, not a regular file, changed while",
                    "     being read, out of memory), is not a PE image, or a folder given with -r",
                    "     holds none");
        addStandardHelpOptions(spec);
        return spec;
    }

    /**
     * -h and -V, as picocli's mixinStandardHelpOptions gives them; that attribute would build them
     * from picocli's own annotated mixin class, by reflection.
     */
    static void addStandardHelpOptions(CommandLine.Model.CommandSpec spec) {
        spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .descriptionKey("mixinStandardHelpOptions.help").description("Show this help message and exit.").build());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit.").build());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'pescope dump FILE'");
    }

    public static void main(String[] args) {
        OptionalInt underUtf8 = RawArguments.relaunchUnderUtf8(args);
        if (underUtf8.isPresent()) {
            System.exit(underUtf8.getAsInt());
        }
        String[] arguments = RawArguments.recover(args);
        CommandLine commandLine = commandLine(arguments);
        int exitCode;
        try {
            exitCode = execute(commandLine, arguments);
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
            return commandLine.execute(DumpbinSpellings.translate(args, () -> dumpSpec(commandLine)));
        } catch (DumpbinSpellings.Unsupported e) {
            commandLine.getErr().print("pescope dump: " + TerminalText.escape(e.getMessage()) + "\n");
            commandLine.getErr().flush();
            return ExitCodes.USAGE;
        }
    }

    /** dump's options, for dumpbin's spellings: from the tree when dump is in it, else a model of its own. */
    private static CommandLine.Model.CommandSpec dumpSpec(CommandLine commandLine) {
        CommandLine dump = commandLine.getSubcommands().get("dump");
        return dump != null ? dump.getCommandSpec() : DumpCommand.model();
    }

    /** The whole command tree, every subcommand built. */
    static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command tree for these arguments: when the first names a subcommand, the root with that
     * one alone, else (--help, help, --version, no or an unknown command) the root with them all.
     * Building an annotated subcommand's model (deps', slot's) costs picocli reflection over its
     * class, which loads the types its fields and methods name (deps': Jackson's); one command is
     * 16 ms less to start than four.
     */
    static CommandLine commandLine(String... args) {
        boolean one = args.length > 0 && SUBCOMMANDS.contains(args[0]) && !args[0].equals("help");
        return commandLine(one ? List.of(args[0]) : SUBCOMMANDS);
    }

    private static CommandLine commandLine(List<String> subcommands) {
        // picocli registers converters for java.time, java.sql and Path by reflection in every
        // command line it makes, loading each class by name: 7.7 ms of a 172 ms start (hyperfine
        // -r 40). No option is of those types, and Path has its own converter (below).
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*|java\\.nio\\.file\\.Path");
        }
        CommandLine commandLine = new CommandLine(model(), LazyFactory.INSTANCE);
        // Added before the settings below, which picocli passes on only to the subcommands already there.
        for (String name : subcommands) {
            commandLine.addSubcommand(name, new CommandLine(newSubcommand(name), LazyFactory.INSTANCE));
        }
        // One writer pair for the whole command tree, so that main can flush what any command wrote.
        StandardOutput out = new StandardOutput();
        commandLine.setOut(out);
        commandLine.setErr(out.errorWriter());
        // --format json, --preset ce: option values read as typed, whatever the enum's case.
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.registerConverter(Path.class, new PathArgument());
        ErrorHandlers handlers = new ErrorHandlers();
        commandLine.setParameterExceptionHandler(handlers);
        commandLine.setExecutionExceptionHandler(handlers);
        return commandLine;
    }

    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private static Object newSubcommand(String name) {
        return switch (name) {
            case "dump" -> DumpCommand.model();
            case "deps" -> DepsCommand.model();
            case "slot" -> new SlotCommand();
            case "check" -> CheckCommand.model();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * What a usage error and a failed command print. A class, not lambdas: a lambda implementing
     * one of picocli's interfaces links that interface while the CDS archive is dumped, and picocli's
     * classes (Java 5 bytecode) are archived only when nothing linked them there.
     */
    private static final class ErrorHandlers
            implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

        @Override
        public int handleParseException(CommandLine.ParameterException exception, String[] args) {
            if (unknownCommand(exception)) {
                return ExitCodes.USAGE;
            }
            // picocli's own handler, with the message escaped: it quotes what was typed.
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().print(TerminalText.escape(exception.getMessage()) + "\n");
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(exception, cmd.getErr())) {
                cmd.usage(cmd.getErr());
            }
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }

        @Override
        public int handleExecutionException(Exception exception, CommandLine cmd, CommandLine.ParseResult parseResult) {
            // A bug of ours still ends in one line, never a stack trace.
            cmd.getErr().print("pescope: internal error: " + TerminalText.escape(exception.toString()) + "\n");
            return ExitCodes.UNREADABLE_INPUT;
        }
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
