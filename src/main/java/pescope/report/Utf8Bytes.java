package pescope.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that text is encoded into as UTF-8 as it is appended: a file's output is
 * built here once, as bytes, and written with one call. ASCII (nearly all of pescope's output)
 * takes one store per character; a lone surrogate becomes '?', as Java's UTF-8 encoder writes it
 * (renderers escape surrogates anyway). JSON generators write into it as an {@link OutputStream}.
 * Past {@code limit} bytes an append throws {@link Full}, so a caller can bound what one file holds.
 */
public final class Utf8Bytes extends OutputStream {

    /** Thrown when an append would pass the buffer's limit; the buffer keeps what fitted. */
    public static final class Full extends RuntimeException {
        private Full() {
            super("output buffer full", null, false, false);
        }
    }

    private final int limit;
    private byte[] bytes;
    private int size;

    /** A buffer without a limit (but the largest array). */
    public Utf8Bytes() {
        this(Integer.MAX_VALUE - 16);
    }

    public Utf8Bytes(int limit) {
        this.limit = limit;
        this.bytes = new byte[Math.min(limit, 8192)];
    }

    public int size() {
        return size;
    }

    /** Forgets what was written, keeping the array for the next file. */
    public void reset() {
        size = 0;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Writes the bytes written to {@code out}, in one call. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** The bytes written, decoded. */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    public Utf8Bytes append(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[size++] = (byte) c;
            return this;
        }
        return appendNonAscii(String.valueOf(c), 0);
    }

    public Utf8Bytes append(CharSequence text) {
        return text instanceof String s ? append(s) : append(text.toString());
    }

    /**
     * A short text is stored character by character while it is ASCII; a longer one is encoded
     * by String itself, which copies a Latin-1 string's bytes in one go and writes a lone
     * surrogate as '?' too (measured with C1 alone: half the time of a loop over charAt from
     * about 12 characters on, but slower below).
     */
    public Utf8Bytes append(String text) {
        int length = text.length();
        if (length >= 12) {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            write(encoded, 0, encoded.length);
            return this;
        }
        ensure(length);
        byte[] b = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                size = at;
                return appendNonAscii(text, i);
            }
            b[at++] = (byte) c;
        }
        size = at;
        return this;
    }

    /** {@code number} in decimal, without a String in between. */
    public Utf8Bytes append(long number) {
        if (number == Long.MIN_VALUE) {
            return append(Long.toString(number));
        }
        ensure(20);
        if (number < 0) {
            bytes[size++] = '-';
            number = -number;
        }
        int digits = decimalWidth(number);
        int at = size + digits;
        do {
            bytes[--at] = (byte) ('0' + (int) (number % 10));
            number /= 10;
        } while (number != 0);
        size += digits;
        return this;
    }

    /** The upper-case hex digits, by value (also {@link Columns#hex(long, int)}'s). */
    static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** How many hex digits {@code value} takes, unsigned, at least one. */
    static int hexDigits(long value) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    }

    /** How many characters {@code number} takes in decimal, its minus sign included. */
    static int decimalWidth(long number) {
        int width = number < 0 ? 2 : 1;
        for (long rest = number / 10; rest != 0; rest /= 10) {
            width++;
        }
        return width;
    }

    /**
     * {@code value} in upper-case hex, zero-padded to {@code digits} (at least one digit), like
     * {@code %0<digits>X}: dumpbin's columns, without a String per number.
     */
    public Utf8Bytes appendHex(long value, int digits) {
        // The common case, a value that fits its column, without counting its digits.
        int width = digits > 0 && digits < 16 && value >>> 4 * digits == 0 ? digits
                : Math.max(hexDigits(value), digits);
        ensure(width);
        int at = size + width;
        for (int i = 0; i < width; i++) {
            bytes[--at] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        size += width;
        return this;
    }

    /** {@code count} copies of {@code c} (ASCII), for padding a column. */
    public Utf8Bytes repeat(char c, int count) {
        if (count <= 0) {
            return this;
        }
        ensure(count);
        Arrays.fill(bytes, size, size + count, (byte) c);
        size += count;
        return this;
    }

    private Utf8Bytes appendNonAscii(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                ensure(1);
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xF0 | code >> 18);
                bytes[size++] = (byte) (0x80 | code >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | code >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | code & 0x3F);
            } else if (Character.isSurrogate(c)) {
                ensure(1);
                bytes[size++] = '?';
            } else {
                ensure(3);
                bytes[size++] = (byte) (0xE0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    /** Room for {@code more} bytes: the array doubles, up to the limit. */
    private void ensure(int more) {
        if (more <= bytes.length - size) {
            return;
        }
        if (more > limit - size) {
            throw new Full();
        }
        long wanted = Math.max((long) size + more, 2L * bytes.length);
        bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, limit));
    }
}
