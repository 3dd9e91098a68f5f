package pescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.report.DumpJson;
import pescope.report.DumpText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump",
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

    @Option(names = "--summary", description = "Section sizes in memory by name (the default).")
    boolean summary;

    @Option(names = "--all", description = "Everything above.")
    boolean all;

    @Option(names = "--json", description = "One JSON object per file, one per line, with every field.")
    boolean json;

    @Option(names = "--nologo", description = "Leave out the banner.")
    boolean nologo;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "PE images to dump.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DumpText.Blocks blocks = new DumpText.Blocks(headers || all, dependents || all, imports || all, exports || all);
        PeReader reader = json ? PeReader.everything() : readerFor(blocks);
        ObjectMapper mapper = new ObjectMapper();
        DumpJson jsonRenderer = new DumpJson(mapper);
        DumpText textRenderer = new DumpText(blocks);
        if (!json && !nologo) {
            out.print(DumpText.banner(Main.VERSION));
        }
        int exitCode = ExitCodes.OK;
        for (Path file : files) {
            String name = file.toString();
            try {
                PeImage image = reader.read(file);
                out.print(json ? jsonRenderer.render(image, name).toString() + "\n" : textRenderer.render(image, name));
            } catch (NotAPeFileException e) {
                exitCode = ExitCodes.UNREADABLE_INPUT;
                report(out, err, jsonRenderer, name, "not a PE file: " + e.getMessage());
            } catch (IOException e) {
                exitCode = ExitCodes.UNREADABLE_INPUT;
                report(out, err, jsonRenderer, name, describe(e));
            } catch (RuntimeException e) {
                exitCode = ExitCodes.UNREADABLE_INPUT;
                report(out, err, jsonRenderer, name, "internal error while reading (please report): " + e);
            }
            out.flush();
        }
        return exitCode;
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

    private void report(PrintWriter out, PrintWriter err, DumpJson jsonRenderer, String name, String problem) {
        err.println("pescope: " + name + ": " + problem);
        err.flush();
        if (json) {
            out.println(jsonRenderer.error(name, problem).toString());
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
