package pescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;
import pescope.report.ClrText;
import pescope.report.DumpJson;
import pescope.report.DumpText;
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
        footer = {"", "Exit codes: 0 all files dumped; 2 usage error; 3 some input could not be read or is not a PE image."})
final class DumpCommand implements Callable<Integer> {

    @Option(names = "--headers", description = "File header, optional header, data directories and section headers.")
    boolean headers;

    @Option(names = "--imports", description = "Imported DLLs and functions, delay-load imports, bound imports.")
    boolean imports;

    @Option(names = "--exports", description = "Exported functions, with forwarders and NONAME exports.")
    boolean exports;

    @Option(names = "--dependents", description = "Names of the DLLs the image imports, and those it delay-loads.")
    boolean dependents;

    @Option(names = "--clrheader", description = "The .NET runtime (CLR) header, in dumpbin's layout.")
    boolean clrHeader;

    @Option(names = "--assemblyrefs", description = ".NET: the assembly's identity, the assemblies and native modules it references.")
    boolean assemblyRefs;

    @Option(names = "--pinvoke", description = ".NET: every P/Invoke (ImplMap row): module, entry point, CharSet, calling convention, method.")
    boolean pinvoke;

    @Option(names = "--summary", description = "Section sizes in memory by name (the default).")
    boolean summary;

    @Option(names = "--all", description = "All of the blocks above, then the summary.")
    boolean all;

    @Option(names = "--json", description = "One JSON object per file, one per line, with every field.")
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
        DumpText.Blocks blocks = new DumpText.Blocks(headers || all, dependents || all, imports || all, exports || all);
        PeReader reader = json ? PeReader.everything() : readerFor(blocks);
        // Jackson costs time to start; text dumps do without it.
        DumpJson jsonRenderer = json ? new DumpJson() : null;
        ClrText.Blocks clrBlocks = new ClrText.Blocks(clrHeader || all, assemblyRefs || all, pinvoke || all);
        DumpText textRenderer = new DumpText(blocks, clrBlocks);
        if (!json && !nologo) {
            out.print(DumpText.banner(Main.VERSION));
        }
        List<InputFiles.Input> inputs = InputFiles.expand(files, batch.recursive).inputs();
        Progress progress = new Progress(err, inputs.size(), batch.showProgress());
        int[] exitCode = {ExitCodes.OK};
        boolean readClr = json || clrBlocks.any();
        Batch.run(inputs, batch.jobs, input -> dumpOne(input, reader, readClr, jsonRenderer, textRenderer), outcome -> {
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

    private Outcome dumpOne(InputFiles.Input input, PeReader reader, boolean readClr, DumpJson jsonRenderer,
            DumpText textRenderer) {
        String name = input.path().toString();
        String problem = input.problem();
        if (problem == null) {
            try {
                PeImage image = reader.read(input.path());
                Optional<ClrImage> clr = readClr ? ClrReader.read(input.path(), image) : Optional.empty();
                return new Outcome(name,
                        json ? jsonRenderer.render(image, clr, name) + "\n" : textRenderer.render(image, clr, name), null);
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

    private PeReader readerFor(DumpText.Blocks blocks) {
        EnumSet<PeReader.Part> parts = EnumSet.noneOf(PeReader.Part.class);
        if (blocks.imports() || blocks.dependents()) {
            parts.addAll(List.of(PeReader.Part.IMPORTS, PeReader.Part.DELAY_IMPORTS));
        }
        if (blocks.imports()) {
            parts.add(PeReader.Part.BOUND_IMPORTS);
        }
        if (blocks.exports()) {
            parts.add(PeReader.Part.EXPORTS);
        }
        return new PeReader(parts);
    }
}
