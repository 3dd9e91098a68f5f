package pescope.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Where text renderers write: straight into UTF-8 bytes (see {@link Utf8Bytes}), with no String
 * of a whole block or file in between. Into a caller's buffer (a batch renders each file into
 * one, then writes it with one call), or in chunks to a stream, so a block of a million rows
 * never sits in memory whole. One newline policy: renderers write '\n'.
 */
public final class TextOut {

    /** Bytes held before they are passed on to a stream. */
    static final int CHUNK = 1 << 16;

    private final Utf8Bytes buffer;
    private final OutputStream sink;

    private TextOut(Utf8Bytes buffer, OutputStream sink) {
        this.buffer = buffer;
        this.sink = sink;
    }

    /** Keeps all text; read it with {@link #toString()}. */
    public static TextOut collecting() {
        return new TextOut(new Utf8Bytes(), null);
    }

    /**
     * Writes to {@code out}: straight into it when it is a {@link Utf8Bytes} buffer (which throws
     * {@link Utf8Bytes.Full} past its limit), else in chunks; call {@link #flush()} at the end.
     */
    public static TextOut to(OutputStream out) {
        return out instanceof Utf8Bytes buffer ? new TextOut(buffer, null) : new TextOut(new Utf8Bytes(), out);
    }

    public TextOut append(CharSequence text) {
        buffer.append(text);
        passOnIfFull();
        return this;
    }

    public TextOut append(char c) {
        buffer.append(c);
        passOnIfFull();
        return this;
    }

    public TextOut append(long number) {
        buffer.append(number);
        return this;
    }

    /** Upper-case hex zero-padded to {@code digits}, like {@code %0<digits>X} ({@link Columns#hex(long, int)}). */
    public TextOut appendHex(long value, int digits) {
        buffer.appendHex(value, digits);
        return this;
    }

    /** Upper-case hex, right-aligned in {@code width} columns, like {@code %<width>X}. */
    public TextOut appendHexRight(long value, int width) {
        buffer.repeat(' ', width - Utf8Bytes.hexDigits(value)).appendHex(value, 1);
        return this;
    }

    /** {@code number} in decimal, right-aligned in {@code width} columns, like {@code %<width>d}. */
    public TextOut appendRight(long number, int width) {
        buffer.repeat(' ', width - Utf8Bytes.decimalWidth(number)).append(number);
        return this;
    }

    /** {@code text} right-aligned in {@code width} columns (never cut), like {@code %<width>s}. */
    public TextOut appendRight(String text, int width) {
        buffer.repeat(' ', width - text.length()).append(text);
        passOnIfFull();
        return this;
    }

    public void flush() {
        if (sink != null && buffer.size() > 0) {
            try {
                buffer.writeTo(sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buffer.reset();
        }
    }

    private void passOnIfFull() {
        if (sink != null && buffer.size() >= CHUNK) {
            flush();
        }
    }

    @Override
    public String toString() {
        return buffer.toString();
    }
}
