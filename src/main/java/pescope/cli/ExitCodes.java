package pescope.cli;

/** The exit codes every subcommand shares; documented in {@code pescope --help}. */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int USAGE = 2;
    static final int UNREADABLE_INPUT = 3;
}
