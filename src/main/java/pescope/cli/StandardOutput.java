package pescope.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Standard output for the whole run: one buffered byte stream over file descriptor 1, and this
 * PrintWriter over it for picocli and the commands that print text. A batch writes each file's
 * output as UTF-8 bytes in one call ({@link #bytes}) rather than through System.out's PrintStream
 * and its synchronized encoder (measured: encoding the wine folder's JSON cost 34 ms there).
 * Standard error ({@link #errorWriter}) writes what is buffered here first, so that on a terminal
 * an error line still follows the output printed before it. Write errors (a closed pipe) are
 * kept as {@link #checkError()} says, as PrintWriter does.
 */
final class StandardOutput extends PrintWriter {

    private final BufferedOutputStream stream;
    private final Charset charset;
    private final OutputStream bytes = new Bytes();
    /** Text printed through this writer may wait in its encoder: flushed before bytes go out. */
    private boolean charsPending;

    StandardOutput() {
        this(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), Charset.defaultCharset());
    }

    private StandardOutput(BufferedOutputStream stream, Charset charset) {
        super(new OutputStreamWriter(stream, charset));
        this.stream = stream;
        this.charset = charset;
    }

    /**
     * Where a command writes UTF-8 bytes to {@code out}: standard output's stream, or null when
     * {@code out} is another writer (a test's) or the locale's charset is not UTF-8; the command
     * then prints the text to {@code out}, which encodes it as before.
     */
    static OutputStream bytes(PrintWriter out) {
        return out instanceof StandardOutput standard && standard.charset.equals(StandardCharsets.UTF_8) ? standard.bytes : null;
    }

    /** Standard error, which first writes out what waits here (see the class comment). */
    PrintWriter errorWriter() {
        return new PrintWriter(new OutputStreamWriter(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                StandardOutput.this.flush();
                System.err.write(b, off, len);
            }

            @Override
            public void flush() {
                System.err.flush();
            }
        }, Charset.defaultCharset()));
    }

    @Override
    public void write(int c) {
        charsPending = true;
        super.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        charsPending = true;
        super.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        charsPending = true;
        super.write(s, off, len);
    }

    @Override
    public void println() {
        // PrintWriter writes the line separator past write(...).
        charsPending = true;
        super.println();
    }

    @Override
    public void flush() {
        charsPending = false;
        super.flush();
    }

    /** Bytes written straight to the buffered stream, after any text printed before them. */
    private final class Bytes extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (charsPending) {
                StandardOutput.this.flush();
            }
            try {
                stream.write(b, off, len);
            } catch (IOException e) {
                setError();
            }
        }

        @Override
        public void flush() {
            StandardOutput.this.flush();
        }
    }
}
