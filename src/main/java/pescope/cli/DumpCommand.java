package pescope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import pescope.pe.NameDecoding;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.Directory;
import pescope.pe.FileFact;
import pescope.pe.ImageFile;
import pescope.pe.PeReader;
import pescope.report.AnomalySarif;
import pescope.report.DumpJson;
import pescope.report.DumpText;
import pescope.report.TextBlock;
import pescope.report.TextOut;
import picocli.CommandLine;

/**
 * {@code pescope dump}. Its model is built through picocli's API ({@link #model()}), not read from
 * annotations: the common path then creates no annotation proxy classes, which the CDS archive
 * cannot hold (issue 16).
 */
final class DumpCommand implements Callable<Integer> {

    // One switch per TextBlock (--headers, --dependents, --imports, --exports...) is added by BlockSwitches.

    /** --summary: section sizes in memory by name (the default). */
    boolean summary;

    /** --all: every block, then the summary. */
    boolean all;

    /** How the dump is written. */
    enum Format { TEXT, JSON, SARIF }

    Format format = Format.TEXT;

    /** --json, the same as --format json. */
    boolean json;

    boolean nologo;

    BatchOptions batch = new BatchOptions();

    /** The FILE parameters. */
    List<Path> files;

    CommandLine.Model.CommandSpec spec;

    /** A new dump command and its model, in the order --help lists the options. */
    static CommandLine.Model.CommandSpec model() {
        DumpCommand dump = new DumpCommand();
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(dump).name("dump");
        dump.spec = spec;
        spec.usageMessage()
                .sortOptions(false)
                .description(
                    "Print headers, sections, imports and exports in dumpbin's layout, or as JSON Lines.",
                    "With no block switch, prints the section summary, as dumpbin does.",
                    "--format sarif prints only the anomalies (damaged or odd structures) of all the files, as one SARIF 2.1.0 log "
                        + "for code scanning. The rule id is the anomaly's code, as in JSON; the level is error when part of a "
                        + "structure could not be read, else warning; the location is the file and, when known, the bytes concerned "
                        + "(region byteOffset and byteLength). A file that cannot be read is a tool execution notification.")
                .footer("", "dumpbin's spellings are taken too, in any case: /HEADERS or -headers is --headers.",
                    "", "Exit codes: 0 all files dumped; 2 usage error; 3 some input could not be read or is not a PE image",
                    "(or a folder given with -r holds none).");
        BlockSwitches.addTo(spec);
        spec.addOption(FieldBinding.bind(flag("--summary", "Section sizes in memory by name (the default)."),
                () -> dump.summary, value -> dump.summary = value).build());
        spec.addOption(FieldBinding.bind(flag("--all", "All of the blocks above, then the summary."),
                () -> dump.all, value -> dump.all = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("--format").type(Format.class).paramLabel("FORMAT")
                .description("text (dumpbin's layout, the default), json, or sarif (the anomalies only, as SARIF 2.1.0)."),
                () -> dump.format, value -> dump.format = value).build());
        spec.addOption(FieldBinding.bind(flag("--json", "Same as --format json: one JSON object per file, one per line, with every field."),
                () -> dump.json, value -> dump.json = value).build());
        spec.addOption(FieldBinding.bind(flag("--nologo", "Leave out the banner."),
                () -> dump.nologo, value -> dump.nologo = value).build());
        BatchOptions.addTo(spec, dump.batch);
        Main.addStandardHelpOptions(spec);
        spec.addPositional(FieldBinding.bind(CommandLine.Model.PositionalParamSpec.builder().paramLabel("FILE").arity("1..*").required(true)
                .type(List.class).auxiliaryTypes(Path.class)
                .description("PE images, folders with -r, or - for standard input."),
                () -> dump.files, value -> dump.files = value).build());
        return spec;
    }

    private static CommandLine.Model.OptionSpec.Builder flag(String name, String description) {
        return CommandLine.Model.OptionSpec.builder(name).type(boolean.class).description(description);
    }

    /**
     * What one file gave: its image (rendered when its turn comes, straight to the output, so a
     * huge dump is never held whole), or the one-line reason it could not be read.
     */
    private record Outcome(String name, PeImage image, String output, String problem) {}

    @Override
    public Integer call() throws java.io.IOException {
        if (batch.jobs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json && format == Format.SARIF) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--json and --format sarif: choose one");
        }
        json = json || format == Format.JSON;
        // SARIF reports the anomalies of the same parse as JSON, so both list the same ones.
        AnomalySarif sarif = format == Format.SARIF ? new AnomalySarif() : null;
        Set<TextBlock> blocks = selectedBlocks();
        // JSON has every directory, but reads the whole file (hashes, checksum, signatures) only when
        // --hashes, --signature or --all asks.
        Set<FileFact> jsonFacts = EnumSet.copyOf(FileFact.cheap());
        jsonFacts.addAll(TextBlock.factsFor(blocks));
        PeReader reader = json || sarif != null
                ? new PeReader(Directory.allRead(), jsonFacts)
                : new PeReader(TextBlock.directoriesFor(blocks), TextBlock.factsFor(blocks));
        // Jackson costs time to start; text dumps do without it.
        DumpJson jsonRenderer = json ? new DumpJson() : null;
        DumpText textRenderer = new DumpText(blocks);
        if (!json && sarif == null && !nologo) {
            out.print(DumpText.banner(Main.VERSION));
        }
        List<InputFiles.Input> inputs = InputFiles.expand(files, batch.recursive).inputs();
        Progress progress = new Progress(err, inputs.size(), batch.showProgress());
        int[] exitCode = {ExitCodes.OK};
        Batch.run(inputs, batch.jobs, input -> dumpOne(input, reader, jsonRenderer, textRenderer), outcome -> {
            if (outcome.problem() != null) {
                exitCode[0] = ExitCodes.UNREADABLE_INPUT;
                progress.clear();
                err.print(ErrorLine.of(outcome.name(), outcome.problem()));
                err.flush();
                if (sarif != null) {
                    sarif.addUnreadable(outcome.name(), outcome.problem());
                }
            }
            if (outcome.image() != null && sarif != null) {
                sarif.add(outcome.name(), outcome.image());
            } else if (outcome.image() != null) {
                render(outcome, out, err, jsonRenderer, textRenderer, exitCode);
            }
            if (outcome.output() != null) {
                out.print(outcome.output());
                out.flush();
            }
            progress.fileDone(outcome.problem() != null);
        });
        progress.finish();
        if (sarif != null) {
            sarif.write(out, Main.VERSION);
        }
        return exitCode[0];
    }

    private Outcome dumpOne(InputFiles.Input input, PeReader reader, DumpJson jsonRenderer, DumpText textRenderer) {
        String name = NameDecoding.ofPath(input.path());
        String problem = input.problem();
        if (problem == null) {
            // Read under ImageFile's guard (special files, Errors, a file cut while mapped); rendered on the output thread.
            ImageFile.Outcome<PeImage> read = ImageFile.read(input.path(), reader, image -> image);
            if (read instanceof ImageFile.Done<PeImage> done) {
                return new Outcome(name, done.value(), null, null);
            }
            problem = ((ImageFile.Failed<PeImage>) read).problem();
        }
        return new Outcome(name, null, json ? jsonRenderer.error(name, problem) + "\n" : null, problem);
    }

    /** Writes one image's dump to the output as it is rendered, block by block (text) or token by token (JSON). */
    private void render(Outcome outcome, PrintWriter out, PrintWriter err, DumpJson jsonRenderer, DumpText textRenderer,
            int[] exitCode) {
        try {
            if (json) {
                jsonRenderer.render(outcome.image(), outcome.name(), out);
                out.print('\n');
            } else {
                textRenderer.render(outcome.image(), outcome.name(), TextOut.streamingTo(out::print));
            }
        } catch (RuntimeException | StackOverflowError e) {
            exitCode[0] = ExitCodes.UNREADABLE_INPUT;
            err.print(ErrorLine.of(outcome.name(), "internal error while rendering (please report): " + e));
        } catch (InternalError e) {
            // A lazily read part of a mapped file that was cut after parsing (SIGBUS).
            exitCode[0] = ExitCodes.UNREADABLE_INPUT;
            err.print(ErrorLine.of(outcome.name(), "changed while being read"));
        }
        out.flush();
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
    static final class BlockSwitches {
        static String name(TextBlock block) {
            return "--" + block.option();
        }

        /** The block switches come first in --help, then the options declared above. */
        static void addTo(CommandLine.Model.CommandSpec command) {
            for (TextBlock block : TextBlock.values()) {
                command.addOption(CommandLine.Model.OptionSpec.builder(name(block))
                        .type(boolean.class).arity("0").description(block.description()).build());
            }
        }
    }
}
