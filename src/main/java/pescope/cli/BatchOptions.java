package pescope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Options shared by the commands that take many files (dump, check): folders, threads, progress.
 * Added to their models through picocli's API ({@link #addTo}), as a mixin would add them.
 */
final class BatchOptions {

    /** More threads than this only add memory: each holds a file and its report. */
    static final int MAX_JOBS = 256;

    private static final String RECURSIVE = "Search folders (and their subfolders) for PE images, chosen by content, not by extension.";
    private static final String JOBS = "Files processed in parallel, 1 to " + MAX_JOBS + " (default: the number of cores).";
    private static final String PROGRESS = "Progress bar on stderr (default: only when stderr is a terminal).";

    boolean recursive;

    /** The command these options belong to, for the usage error -j raises. */
    CommandSpec spec;

    int jobs = Math.min(Runtime.getRuntime().availableProcessors(), MAX_JOBS);

    void jobs(int jobs) {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be between 1 and " + MAX_JOBS + ", not " + jobs);
        }
        this.jobs = jobs;
    }

    /** --progress or --no-progress; null when neither was given. */
    Boolean progress;

    /** Adds these options to {@code command}, bound to {@code batch}'s fields, in the order --help lists them. */
    static void addTo(CommandSpec command, BatchOptions batch) {
        batch.spec = command;
        command.addOption(FieldBinding.bind(OptionSpec.builder("-r", "--recursive").type(boolean.class).description(RECURSIVE),
                () -> batch.recursive, value -> batch.recursive = value).build());
        command.addOption(FieldBinding.bind(OptionSpec.builder("--progress").type(Boolean.class).negatable(true).description(PROGRESS),
                () -> batch.progress, value -> batch.progress = value).build());
        // No value to restore before a parse, as for the annotated method: jobs(int) checks what is typed.
        command.addOption(FieldBinding.bind(OptionSpec.builder("-j", "--jobs").type(int.class).paramLabel("N").description(JOBS),
                () -> batch.jobs, batch::jobs).hasInitialValue(false).build());
    }

    /** The FILE... parameter (one or more paths), kept where {@code getter} and {@code setter} say. */
    static void addFiles(CommandSpec command, String description, Supplier<List<Path>> getter, Consumer<List<Path>> setter) {
        command.addPositional(FieldBinding.bind(PositionalParamSpec.builder().paramLabel("FILE").arity("1..*").required(true)
                .type(List.class).auxiliaryTypes(Path.class).description(description), getter, setter).build());
    }

    boolean showProgress() {
        return progress != null ? progress : Progress.stderrIsTerminal();
    }
}
