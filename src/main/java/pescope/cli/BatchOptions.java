package pescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by the commands that take many files: folders, threads, progress. */
final class BatchOptions {

    @Option(names = {"-r", "--recursive"},
            description = "Search folders (and their subfolders) for PE images, chosen by content, not by extension.")
    boolean recursive;

    /** More threads than this only add memory: each holds a file and its report. */
    static final int MAX_JOBS = 256;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    int jobs = Math.min(Runtime.getRuntime().availableProcessors(), MAX_JOBS);

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Files processed in parallel, 1 to " + MAX_JOBS + " (default: the number of cores).")
    void jobs(int jobs) {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be between 1 and " + MAX_JOBS + ", not " + jobs);
        }
        this.jobs = jobs;
    }

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    boolean showProgress() {
        return progress != null ? progress : Progress.stderrIsTerminal();
    }
}
