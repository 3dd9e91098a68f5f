package pescope.report;

import java.util.function.Consumer;

/**
 * Where text renderers write. It holds text until a chunk is full and then passes it on, so a
 * block of a million rows never sits in memory whole; without a sink it keeps everything (for
 * tests and callers that want a String). One newline policy: renderers write '\n'.
 */
public final class TextOut {

    /** Text held before it is passed on. */
    static final int CHUNK = 1 << 16;

    private final StringBuilder buffer = new StringBuilder();
    private final Consumer<String> sink;

    private TextOut(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Keeps all text; read it with {@link #toString()}. */
    public static TextOut collecting() {
        return new TextOut(null);
    }

    /** Passes text on to {@code sink} in chunks; call {@link #flush()} at the end. */
    public static TextOut streamingTo(Consumer<String> sink) {
        return new TextOut(sink);
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

    public void flush() {
        if (sink != null && buffer.length() > 0) {
            sink.accept(buffer.toString());
            buffer.setLength(0);
        }
    }

    private void passOnIfFull() {
        if (sink != null && buffer.length() >= CHUNK) {
            flush();
        }
    }

    @Override
    public String toString() {
        return buffer.toString();
    }
}
