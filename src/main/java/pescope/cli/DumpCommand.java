package pescope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import pescope.report.Utf8Bytes;
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
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(dump, LazyFactory.INSTANCE).name("dump");
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
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--summary", "Section sizes in memory by name (the default)."),
                () -> dump.summary, value -> dump.summary = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--all", "All of the blocks above, then the summary."),
                () -> dump.all, value -> dump.all = value).build());
        spec.addOption(FieldBinding.bind(CommandLine.Model.OptionSpec.builder("--format").type(Format.class).paramLabel("FORMAT")
                .description("text (dumpbin's layout, the default), json, or sarif (the anomalies only, as SARIF 2.1.0)."),
                () -> dump.format, value -> dump.format = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--json", "Same as --format json: one JSON object per file, one per line, with every field."),
                () -> dump.json, value -> dump.json = value).build());
        spec.addOption(FieldBinding.bind(FieldBinding.flag("--nologo", "Leave out the banner."),
                () -> dump.nologo, value -> dump.nologo = value).build());
        BatchOptions.addTo(spec, dump.batch);
        Main.addStandardHelpOptions(spec);
        BatchOptions.addFiles(spec, "PE images, folders with -r, or - for standard input.",
                () -> dump.files, value -> dump.files = value);
        return spec;
    }


    /**
     * What one file gave: its dump as UTF-8 bytes, rendered on the thread that read it; or the
     * image, when its dump is too large to hold, rendered when its turn comes straight to the
     * output; the one-line reason it could not be read (printed before its output), or could not
     * be rendered (after what was rendered).
     */
    private record Outcome(String name, byte[] output, PeImage image, String problem, String renderProblem) {}

    /**
     * Most of a file's dump held at once (see {@link Outcome}): a batch holds a few per thread. A
     * larger one is rendered again, as it is written: 1 MB wasted on a file that prints more.
     */
    private static final int HELD_PER_FILE = 1 << 20;

    /** Each thread renders into one buffer, reused from file to file. */
    private static final ThreadLocal<Utf8Bytes> RENDER_BUFFER = ThreadLocal.withInitial(() -> new Utf8Bytes(HELD_PER_FILE));

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
        // Bytes straight to standard output; null when out is a writer (tests) or not UTF-8.
        OutputStream stdout = StandardOutput.bytes(out);
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
            write(DumpText.banner(Main.VERSION).getBytes(StandardCharsets.UTF_8), stdout, out);
        }
        List<InputFiles.Input> inputs = InputFiles.expand(files, batch.recursive).inputs();
        Progress progress = new Progress(err, inputs.size(), batch.showProgress());
        int[] exitCode = {ExitCodes.OK};
        // Standard error writes what waits for standard output first (StandardOutput): no flush per file here.
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
            if (outcome.output() != null) {
                write(outcome.output(), stdout, out);
            }
            if (outcome.image() != null && sarif != null) {
                sarif.add(outcome.name(), outcome.image());
            }
            String renderProblem = outcome.image() != null && sarif == null
                    ? renderLarge(outcome, stdout, out, jsonRenderer, textRenderer)
                    : outcome.renderProblem();
            if (renderProblem != null) {
                exitCode[0] = ExitCodes.UNREADABLE_INPUT;
                err.print(ErrorLine.of(outcome.name(), renderProblem));
            }
            progress.fileDone(outcome.problem() != null);
        });
        progress.finish();
        if (sarif != null) {
            sarif.write(out, Main.VERSION);
        }
        return exitCode[0];
    }

    /** Reads one input and renders its dump into this thread's buffer, on the worker's thread. */
    private Outcome dumpOne(InputFiles.Input input, PeReader reader, DumpJson jsonRenderer, DumpText textRenderer) {
        String name = NameDecoding.ofPath(input.path());
        Utf8Bytes buffer = RENDER_BUFFER.get();
        buffer.reset();
        String problem = input.problem();
        if (problem == null) {
            // Read under ImageFile's guard (special files, Errors, a file cut while mapped).
            ImageFile.Outcome<PeImage> read = ImageFile.read(input.path(), reader, image -> image);
            if (read instanceof ImageFile.Done<PeImage> done) {
                if (format == Format.SARIF) {
                    // SARIF is written once for the batch, at its end: the image goes to it as is.
                    return new Outcome(name, null, done.value(), null, null);
                }
                try {
                    String renderProblem = render(done.value(), name, buffer, jsonRenderer, textRenderer);
                    return new Outcome(name, buffer.toByteArray(), null, null, renderProblem);
                } catch (Utf8Bytes.Full e) {
                    return new Outcome(name, null, done.value(), null, null);
                }
            }
            problem = ((ImageFile.Failed<PeImage>) read).problem();
        }
        if (json) {
            jsonRenderer.error(name, problem, buffer);
            buffer.write('\n');
        }
        return new Outcome(name, json ? buffer.toByteArray() : null, null, problem, null);
    }

    /** A dump too large to hold, written as it is rendered (to a test's writer: held, then printed). */
    private String renderLarge(Outcome outcome, OutputStream stdout, PrintWriter out, DumpJson jsonRenderer,
            DumpText textRenderer) {
        Utf8Bytes held = stdout == null ? new Utf8Bytes() : null;
        String problem = render(outcome.image(), outcome.name(), stdout != null ? stdout : held, jsonRenderer, textRenderer);
        if (held != null) {
            out.print(held);
        }
        return problem;
    }

    /**
     * Writes one image's dump to {@code to}: block by block (text) or token by token (JSON). The
     * problem if rendering failed part way (what was written stays), else null. {@link Utf8Bytes.Full}
     * passes through.
     */
    private String render(PeImage image, String name, OutputStream to, DumpJson jsonRenderer, DumpText textRenderer) {
        try {
            if (json) {
                jsonRenderer.render(image, name, to);
                to.write('\n');
            } else {
                textRenderer.render(image, name, TextOut.to(to));
            }
            return null;
        } catch (Utf8Bytes.Full e) {
            throw e;
        } catch (IOException e) {
            // Neither the buffer nor standard output's stream throws it (a closed pipe is noted there).
            throw new UncheckedIOException(e);
        } catch (RuntimeException | StackOverflowError e) {
            return "internal error while rendering (please report): " + e;
        } catch (InternalError e) {
            // A lazily read part of a mapped file that was cut after parsing (SIGBUS).
            return "changed while being read";
        }
    }

    /** Bytes to standard output, or decoded to a writer that is not it. */
    private static void write(byte[] bytes, OutputStream stdout, PrintWriter out) {
        if (stdout == null) {
            out.print(new String(bytes, StandardCharsets.UTF_8));
            return;
        }
        try {
            stdout.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
