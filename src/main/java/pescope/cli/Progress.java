package pescope.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr for long batches: files done, files per second, errors.
 * Drawn only when stderr is a terminal, so logs and pipes stay clean.
 */
final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;
    private int errors;

    Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled && total > 1;
    }

    /** stderr is a terminal when fd 2 is a tty device (Linux); elsewhere, when there is a console. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    void fileDone(boolean failed) {
        done++;
        if (failed) {
            errors++;
        }
        long now = System.nanoTime();
        if (enabled && (now - lastDraw > REDRAW_NANOS || done == total)) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Clears the bar before a message is printed on stderr, so the two do not mix. */
    void clear() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    void finish() {
        if (enabled) {
            clear();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        int width = 30;
        int filled = (int) ((long) width * done / Math.max(1, total));
        err.printf("\r\033[K[%s%s] %d/%d files  %.0f files/s  %d errors",
                "#".repeat(filled), " ".repeat(width - filled), done, total, done / seconds, errors);
        err.flush();
    }
}
