package pescope.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A little-endian byte buffer written at a cursor, for overlapping headers.
 *
 * <p>Bytes are written firm (the layout asked for them) or weak (cosmetic: a DOS stub, linker
 * versions, filler). A weak byte never replaces a firm one and a firm byte replaces a weak one,
 * so a header may overlap another where the overlapped fields do not matter; two firm writes
 * that disagree mean the layout contradicts itself and throw.
 */
final class ByteSink {
    private byte[] bytes = new byte[4096];
    private final BitSet firm = new BitSet();
    private int end;
    private long position;
    private boolean weak;

    ByteSink at(long offset) {
        if (offset < 0 || offset > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("offset " + offset);
        position = offset;
        return this;
    }

    long position() {
        return position;
    }

    /** Following writes are cosmetic and yield to firm bytes. */
    ByteSink weak() {
        weak = true;
        return this;
    }

    /** Following writes are what the layout asked for (the default). */
    ByteSink firm() {
        weak = false;
        return this;
    }

    ByteSink u1(long value) {
        put((int) position, (byte) value);
        position++;
        return this;
    }

    ByteSink u2(long value) {
        return u1(value).u1(value >>> 8);
    }

    ByteSink u4(long value) {
        return u2(value).u2(value >>> 16);
    }

    ByteSink u8(long value) {
        return u4(value).u4(value >>> 32);
    }

    /** A pointer-sized value: u8 in PE32+, u4 in PE32. */
    ByteSink pointer(long value, boolean pe32Plus) {
        return pe32Plus ? u8(value) : u4(value);
    }

    ByteSink bytes(byte[] values) {
        for (byte b : values) u1(b);
        return this;
    }

    ByteSink zeros(int count) {
        for (int i = 0; i < count; i++) u1(0);
        return this;
    }

    /** ASCII characters followed by a NUL. */
    ByteSink asciiz(String text) {
        return bytes(text.getBytes(StandardCharsets.ISO_8859_1)).u1(0);
    }

    /** The image, {@code length} bytes long: unwritten bytes are 0. */
    byte[] toByteArray(long length) {
        return Arrays.copyOf(bytes, Math.toIntExact(length));
    }

    int end() {
        return end;
    }

    private void put(int offset, byte value) {
        grow(offset + 1);
        boolean wasFirm = firm.get(offset);
        if (weak) {
            if (wasFirm) return;
            bytes[offset] = value;
        } else {
            if (wasFirm && bytes[offset] != value) {
                throw new IllegalArgumentException(String.format(
                        "layout contradicts itself at file offset 0x%X: 0x%02X written, now 0x%02X",
                        offset, bytes[offset] & 0xFF, value & 0xFF));
            }
            bytes[offset] = value;
            firm.set(offset);
        }
        end = Math.max(end, offset + 1);
    }

    private void grow(int needed) {
        if (needed <= bytes.length) return;
        bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
}
