package pescope.cli;

import java.nio.file.Path;
import pescope.pe.NameDecoding;
import pescope.report.TerminalText;

/**
 * The one line on stderr that names an input and what went wrong with it. File names and the
 * messages quoting them are data: escaped, so a name cannot clear the screen or forge a line.
 */
final class ErrorLine {

    private ErrorLine() {}

    /** "pescope: FILE: PROBLEM" and a newline. */
    static String of(Path file, String problem) {
        return of(NameDecoding.ofPath(file), problem);
    }

    /** "pescope: SUBJECT: PROBLEM" and a newline. */
    static String of(String subject, String problem) {
        return "pescope: " + TerminalText.escape(subject) + ": " + TerminalText.escape(problem) + "\n";
    }
}
