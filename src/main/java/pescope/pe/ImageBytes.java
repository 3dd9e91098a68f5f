package pescope.pe;

import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * The bytes of one file, and the only way the model reaches the generated parsers: every
 * structure is parsed from a window placed at a file offset, so a generated type never reads
 * outside the bytes the caller checked.
 */
final class ImageBytes {

    private final ByteBuffer buffer;
    /**
     * Where {@link #readString} copies a name's bytes to decode them, kept from name to name: a
     * file is parsed, and its names read, on one thread.
     */
    private byte[] nameBytes = new byte[64];
    /** Bytes copied at a time while looking for a name's NUL; most names are shorter. */
    private static final int NAME_CHUNK = 64;

    ImageBytes(ByteBuffer buffer) {
        this.buffer = buffer.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The whole file, read-only, for a reader whose structures are placed by another parser (the CLR metadata). */
    java.nio.ByteBuffer whole() {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    long size() {
        return buffer.capacity();
    }

    boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset;
    }

    /** Parses {@code length} bytes at {@code offset}; they must all be in the file. */
    <T> T parseAt(long offset, int length, Function<KaitaiStream, T> parser) throws TruncatedException {
        if (!contains(offset, length)) {
            throw new TruncatedException(offset, length, size());
        }
        return parseWindow(buffer.slice((int) offset, length), parser);
    }

    /**
     * Parses {@code length} bytes at {@code offset}, reading zeros past the end of the file, as
     * the loader's zero-filled header page would. Returns how many real bytes there were too.
     */
    <T> Padded<T> parsePadded(long offset, int length, Function<KaitaiStream, T> parser) {
        byte[] window = new byte[length];
        int available = (int) Math.max(0, Math.min(length, size() - offset));
        if (available > 0) {
            buffer.slice((int) offset, available).get(window, 0, available);
        }
        return new Padded<>(parseWindow(ByteBuffer.wrap(window), parser), available);
    }

    record Padded<T>(T value, int realBytes) {}

    /**
     * A NUL-terminated string of at most {@code maxLength} bytes at {@code offset}; null when the
     * offset is outside the file. An unterminated string ends at the limit or at the end of file.
     * Read here, not with the generated ascii_z: a Kaitai stream, a window and a
     * ByteArrayOutputStream per name cost 68 ms of the 466 ms wine batch (issue 16); a bounded
     * scan for the NUL, a copy into a buffer kept from name to name and the String cost little.
     */
    String readString(long offset, int maxLength) {
        if (offset < 0 || offset >= size()) {
            return null;
        }
        int start = (int) offset;
        int available = (int) Math.min(maxLength, size() - offset);
        // Copied a chunk at a time and scanned in the array: a get per byte from a mapped buffer
        // pays a bounds and a scope check each, and names were 17% of the CPU of a 10,000-file
        // dump --json (async-profiler, mostly export names; issue 16).
        int length = 0;
        while (length < available) {
            int chunk = Math.min(NAME_CHUNK, available - length);
            if (length + chunk > nameBytes.length) {
                nameBytes = java.util.Arrays.copyOf(nameBytes, Math.max(length + chunk, 2 * nameBytes.length));
            }
            buffer.get(start + length, nameBytes, length, chunk);
            int stop = length + chunk;
            while (length < stop && nameBytes[length] != 0) {
                length++;
            }
            if (length < stop) {
                break;
            }
        }
        return NameDecoding.decode(nameBytes, 0, length);
    }

    /** The u2 at {@code offset}, which the caller checked is in the file. */
    int u2At(long offset) {
        return Short.toUnsignedInt(buffer.getShort((int) offset));
    }

    /** A read-only view of {@code length} bytes at {@code offset}, for whole-file digests; bounds checked by the caller. */
    ByteBuffer view(long offset, int length) {
        return buffer.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes a generated table type read in one go, to index as little-endian values. */
    static ByteBuffer littleEndian(byte[] table) {
        return ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** True when the string at {@code offset} ends with a NUL within {@code maxLength} bytes. */
    boolean isTerminatedWithin(long offset, int maxLength) {
        int end = (int) Math.min(size(), offset + maxLength);
        for (int i = (int) offset; i < end; i++) {
            if (buffer.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    private static <T> T parseWindow(ByteBuffer window, Function<KaitaiStream, T> parser) {
        try {
            return parser.apply(new ByteBufferKaitaiStream(window));
        } catch (BufferUnderflowException e) {
            // Windows are sized by the caller; running out means a ksy type outgrew its window.
            throw new IllegalStateException("structure larger than its window", e);
        }
    }

    /** A structure that does not fit in the file. */
    static final class TruncatedException extends Exception {
        TruncatedException(long offset, long length, long fileSize) {
            super(String.format("%d bytes at offset 0x%X run past the end of the file (%d bytes)",
                    length, offset, fileSize));
        }
    }
}
