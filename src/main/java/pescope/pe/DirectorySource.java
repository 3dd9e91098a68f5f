package pescope.pe;

import io.kaitai.struct.KaitaiStream;
import java.util.function.Function;
import pescope.pe.Anomaly.Kind;

/**
 * The {@link ParseContext} as the debug, load-config, TLS, relocation and exception readers use
 * it: structures placed at file offsets from windows that lie wholly in the file, and anomalies
 * in the directory's structure.
 */
final class DirectorySource {

    final ImageBytes bytes;
    final OptionalHeader header;
    private final ParseContext context;

    DirectorySource(ParseContext context) {
        this.context = context;
        this.bytes = context.bytes();
        this.header = context.header();
    }

    void anomaly(Kind kind, String format, Object... args) {
        context.anomaly(kind, format, args);
    }

    void anomalyAt(Kind kind, long offset, long length, String format, Object... args) {
        context.anomalyAt(kind, offset, length, format, args);
    }

    /** See {@link ParseContext#chargeData}. */
    boolean chargeData(long length, String format, Object... args) {
        return context.chargeData(length, format, args);
    }

    int machine() {
        return context.shared(ImageMachine.class, () -> new ImageMachine(0)).code();
    }

    /** The file offset of {@code rva}, or {@link RvaMapper#NOT_IN_FILE}. */
    long offsetOf(long rva) {
        return context.mapRvaToOffset(rva);
    }

    /** How many bytes from {@code offset} to the end of the file (0 outside it). */
    long bytesFrom(long offset) {
        return offset < 0 || offset >= bytes.size() ? 0 : bytes.size() - offset;
    }

    /** The structure at {@code rva}, or null when its bytes are not all in the file. */
    <T> T parseAtRva(long rva, int length, Function<KaitaiStream, T> parser) {
        return context.parseAtRva(rva, length, parser);
    }

    /** The structure at a file offset, or null when its bytes are not all in the file. */
    <T> T parseAtOffset(long offset, long length, Function<KaitaiStream, T> parser) {
        return length > Integer.MAX_VALUE ? null : context.parseAtOffset(offset, (int) length, parser);
    }

    /** {@code length} bytes at {@code offset}, zeros past the end of the file; and how many were real. */
    <T> ImageBytes.Padded<T> parsePaddedAtOffset(long offset, int length, Function<KaitaiStream, T> parser) {
        return bytes.parsePadded(offset, length, parser);
    }

    boolean isPe32Plus() {
        return header.isPe32Plus();
    }
}
