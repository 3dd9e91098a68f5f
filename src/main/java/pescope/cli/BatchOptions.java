package pescope.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that take many files: folders, threads, progress. */
final class BatchOptions {

    @Option(names = {"-r", "--recursive"},
            description = "Search folders (and their subfolders) for PE images, chosen by content, not by extension.")
    boolean recursive;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Files processed in parallel (default: the number of cores, ${DEFAULT-VALUE}).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr (default: only when stderr is a terminal).")
    Boolean progress;

    boolean showProgress() {
        return progress != null ? progress : Progress.stderrIsTerminal();
    }
}
