package pescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.report.DumpJson;
import pescope.report.DumpText;
import pescope.report.TextBlock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Print headers, sections, imports and exports in dumpbin's layout, or as JSON Lines.",
            "With no block switch, prints the section summary, as dumpbin does."},
        footer = {"", "Exit codes: 0 all files dumped; 2 usage error; 3 some input could not be read or is not a PE image."},
        modelTransformer = DumpCommand.BlockSwitches.class)
final class DumpCommand implements Callable<Integer> {

    // One switch per TextBlock (--headers, --dependents, --imports, --exports...) is added by BlockSwitches.

    @Option(names = "--summary", description = "Section sizes in memory by name (the default).")
    boolean summary;

    @Option(names = "--all", description = "All of the blocks above, then the summary.")
    boolean all;

    /** How the dump is written. */
    enum Format { TEXT, JSON }

    @Option(names = "--format", paramLabel = "text|json", description = "text (dumpbin's layout, the default) or json.")
    Format format = Format.TEXT;

    @Option(names = "--json", description = "Same as --format json: one JSON object per file, one per line, with every field.")
    boolean json;

    @Option(names = "--nologo", description = "Leave out the banner.")
    boolean nologo;

    @CommandLine.Mixin
    BatchOptions batch;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "PE images, or folders with -r.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What one file gave: its rendered dump, or the one-line reason it could not be read. */
    private record Outcome(String name, String output, String problem) {}

    @Override
    public Integer call() {
        if (batch.jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        json = json || format == Format.JSON;
        Set<TextBlock> blocks = selectedBlocks();
        PeReader reader = json ? PeReader.everything() : new PeReader(TextBlock.directoriesFor(blocks));
        // Jackson costs time to start; text dumps do without it.
        DumpJson jsonRenderer = json ? new DumpJson() : null;
        DumpText textRenderer = new DumpText(blocks);
        if (!json && !nologo) {
            out.print(DumpText.banner(Main.VERSION));
        }
        List<InputFiles.Input> inputs = InputFiles.expand(files, batch.recursive).inputs();
        Progress progress = new Progress(err, inputs.size(), batch.showProgress());
        int[] exitCode = {ExitCodes.OK};
        Batch.run(inputs, batch.jobs, input -> dumpOne(input, reader, jsonRenderer, textRenderer), outcome -> {
            if (outcome.problem() != null) {
                exitCode[0] = ExitCodes.UNREADABLE_INPUT;
                progress.clear();
                err.println("pescope: " + outcome.name() + ": " + outcome.problem());
                err.flush();
            }
            if (outcome.output() != null) {
                out.print(outcome.output());
                out.flush();
            }
            progress.fileDone(outcome.problem() != null);
        });
        progress.finish();
        return exitCode[0];
    }

    private Outcome dumpOne(InputFiles.Input input, PeReader reader, DumpJson jsonRenderer, DumpText textRenderer) {
        String name = input.path().toString();
        String problem = input.problem();
        if (problem == null) {
            try {
                PeImage image = reader.read(input.path());
                return new Outcome(name,
                        json ? jsonRenderer.render(image, name) + "\n" : textRenderer.render(image, name), null);
            } catch (NotAPeFileException e) {
                problem = "not a PE file: " + e.getMessage();
            } catch (IOException e) {
                problem = PeReader.describe(e);
            } catch (RuntimeException e) {
                problem = "internal error while reading (please report): " + e;
            }
        }
        return new Outcome(name, json ? jsonRenderer.error(name, problem) + "\n" : null, problem);
    }

    /** The blocks whose switches were given, or all of them with --all. */
    private Set<TextBlock> selectedBlocks() {
        Set<TextBlock> blocks = EnumSet.noneOf(TextBlock.class);
        for (TextBlock block : TextBlock.values()) {
            if (all || Boolean.TRUE.equals(spec.findOption(BlockSwitches.name(block)).getValue())) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** Adds a switch for each row of the {@link TextBlock} registry, so a new block needs no edit here. */
    static final class BlockSwitches implements CommandLine.IModelTransformer {
        static String name(TextBlock block) {
            return "--" + block.option();
        }

        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
            // The block switches come first in --help, then the options declared in this class.
            List<CommandLine.Model.OptionSpec> declared = new java.util.ArrayList<>(command.options());
            declared.forEach(command::remove);
            for (TextBlock block : TextBlock.values()) {
                command.addOption(CommandLine.Model.OptionSpec.builder(name(block))
                        .type(boolean.class).arity("0").description(block.description()).build());
            }
            declared.forEach(command::addOption);
            return command;
        }
    }
}
