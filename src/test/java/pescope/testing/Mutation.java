package pescope.testing;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A hostile change to a PE image. {@link #applyTo} returns a changed copy and never touches its
 * argument; writes that fall past the end of a (possibly truncated) image are dropped.
 * {@link #toString} says what was done, so a shrunk counterexample reads as a sentence.
 */
public sealed interface Mutation {

    byte[] applyTo(byte[] image);

    /** XORs each listed byte with a non-zero mask. */
    record ByteFlips(List<Flip> flips) implements Mutation {
        public ByteFlips {
            flips = List.copyOf(flips);
        }

        @Override
        public byte[] applyTo(byte[] image) {
            byte[] copy = image.clone();
            for (Flip flip : flips) {
                if (flip.offset() < copy.length) copy[flip.offset()] ^= (byte) flip.mask();
            }
            return copy;
        }

        @Override
        public String toString() {
            return "flip " + flips.size() + " byte(s): " + flips.stream().map(Flip::toString).collect(Collectors.joining(", "));
        }
    }

    record Flip(int offset, int mask) {
        public Flip {
            if (mask < 1 || mask > 0xFF) throw new IllegalArgumentException("mask " + mask);
        }

        @Override
        public String toString() {
            return String.format("[0x%X]^=0x%02X", offset, mask);
        }
    }

    /** Keeps the first {@code length} bytes. */
    record Truncation(int length) implements Mutation {
        @Override
        public byte[] applyTo(byte[] image) {
            return Arrays.copyOf(image, Math.min(length, image.length));
        }

        @Override
        public String toString() {
            return String.format("truncate to 0x%X bytes", length);
        }
    }

    /** Writes {@code value} as a little-endian field of {@code width} bytes; {@code intent} says why. */
    record Overwrite(String field, int offset, int width, long value, String intent) implements Mutation {
        @Override
        public byte[] applyTo(byte[] image) {
            byte[] copy = image.clone();
            for (int i = 0; i < width && offset + i < copy.length; i++) copy[offset + i] = (byte) (value >>> (8 * i));
            return copy;
        }

        @Override
        public String toString() {
            return String.format("%s (u%d at 0x%X) := 0x%X, %s", field, width, offset, value, intent);
        }
    }

    /** Writes {@code block} {@code count} times from {@code offset}, e.g. a table whose terminator is gone. */
    record RepeatedBlock(String what, int offset, byte[] block, int count) implements Mutation {
        public RepeatedBlock {
            block = block.clone();
        }

        @Override
        public byte[] block() {
            return block.clone();
        }

        @Override
        public byte[] applyTo(byte[] image) {
            byte[] copy = image.clone();
            for (int n = 0; n < count; n++) {
                for (int i = 0; i < block.length; i++) {
                    long at = offset + (long) n * block.length + i;
                    if (at < copy.length) copy[(int) at] = block[i];
                }
            }
            return copy;
        }

        @Override
        public String toString() {
            return String.format("%s: %d copies of [%s] from 0x%X", what, count, HexFormat.of().formatHex(block), offset);
        }
    }

    /** Several mutations, applied in order. */
    record Sequence(List<Mutation> steps) implements Mutation {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public byte[] applyTo(byte[] image) {
            byte[] result = image;
            for (Mutation step : steps) result = step.applyTo(result);
            return result == image ? image.clone() : result;
        }

        @Override
        public String toString() {
            return steps.stream().map(Mutation::toString).collect(Collectors.joining("; then "));
        }
    }
}
