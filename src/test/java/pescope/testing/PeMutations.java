package pescope.testing;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import pescope.testing.ImageLandmarks.Field;
import pescope.testing.ImageLandmarks.Table;
import pescope.testing.Mutation.ByteFlips;
import pescope.testing.Mutation.Flip;
import pescope.testing.Mutation.Overwrite;
import pescope.testing.Mutation.RepeatedBlock;
import pescope.testing.Mutation.Sequence;
import pescope.testing.Mutation.Truncation;

/**
 * jqwik generators of hostile variants of a valid image: byte flips, truncation, counts and
 * sizes overwritten with 0xFFFF / 0xFFFFFFFF and their kin, pointers sent into the headers, past
 * the end of the file or back at themselves, and tables whose terminator is gone. Each
 * {@link Mutation} describes itself and applies to a copy.
 */
public final class PeMutations {
    private static final int HEADER_REGION = 0x400;

    private PeMutations() {}

    /** A valid image from a generated layout, and one hostile change to it. */
    public record HostileImage(PeLayout layout, byte[] original, Mutation mutation) {
        public HostileImage {
            original = original.clone();
        }

        @Override
        public byte[] original() {
            return original.clone();
        }

        /** The mutated image, a fresh array each call. */
        public byte[] bytes() {
            return mutation.applyTo(original);
        }

        @Override
        public String toString() {
            return String.format("%s, applied to a 0x%X-byte image of %s", mutation, original.length, layout);
        }
    }

    /** Generated layouts, written, then mutated by {@link #of}. */
    public static Arbitrary<HostileImage> hostileImages() {
        return hostileImages(PeLayouts.layouts());
    }

    public static Arbitrary<HostileImage> hostileImages(Arbitrary<PeLayout> layouts) {
        return layouts.flatMap(layout -> {
            byte[] image = PeWriter.write(layout);
            return of(image).map(mutation -> new HostileImage(layout, image, mutation));
        });
    }

    /** Any mutation below for this image, occasionally two in sequence. */
    public static Arbitrary<Mutation> of(byte[] image) {
        Arbitrary<Mutation> single = Arbitraries.frequencyOf(
                Tuple.of(3, byteFlips(image)),
                Tuple.of(2, truncations(image)),
                Tuple.of(3, countOverflows(image)),
                Tuple.of(3, pointerRedirections(image)),
                Tuple.of(2, loops(image)));
        return Arbitraries.frequencyOf(
                Tuple.of(5, single),
                Tuple.of(1, single.list().ofSize(2).uniqueElements().map(Sequence::new)));
    }

    /** One to 64 distinct bytes XORed, most often in the headers, where a flip changes meaning. */
    public static Arbitrary<Mutation> byteFlips(byte[] image) {
        int length = image.length;
        Arbitrary<Integer> offsets = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, Math.min(length, HEADER_REGION) - 1)),
                Tuple.of(1, Arbitraries.integers().between(0, length - 1)));
        Arbitrary<Flip> flips = Combinators.combine(offsets, Arbitraries.integers().between(1, 0xFF)).as(Flip::new);
        return flips.list().ofMinSize(1).ofMaxSize(Math.min(64, length)).uniqueElements(Flip::offset).map(ByteFlips::new);
    }

    /** Any length short of the whole, with the ends of the headers and of each field likelier. */
    public static Arbitrary<Mutation> truncations(byte[] image) {
        ImageLandmarks marks = ImageLandmarks.of(image);
        List<Integer> edges = new ArrayList<>();
        for (Field field : marks.counts) edges.add(field.offset() + 1);
        edges.add((int) Math.min(marks.sizeOfHeaders, image.length - 1));
        edges.removeIf(edge -> edge >= image.length);
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, image.length - 1);
        Arbitrary<Integer> lengths = edges.isEmpty() ? anywhere
                : Arbitraries.frequencyOf(Tuple.of(2, anywhere), Tuple.of(1, Arbitraries.of(edges)));
        return lengths.map(Truncation::new);
    }

    /** A count or size field set to its type's maximum, to 0, or just past a sign bit. */
    public static Arbitrary<Mutation> countOverflows(byte[] image) {
        ImageLandmarks marks = ImageLandmarks.of(image);
        return Arbitraries.of(marks.counts).flatMap(field -> (field.width() == 2
                        ? Arbitraries.of(0xFFFFL, 0x8000L, 0L)
                        : Arbitraries.of(0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0x10000L, 0L))
                .map(value -> (Mutation) new Overwrite(field.name(), field.offset(), field.width(), value, "count or size overflow")));
    }

    /** An RVA or file pointer aimed into the headers, past the end of the file or image, or at itself. */
    public static Arbitrary<Mutation> pointerRedirections(byte[] image) {
        ImageLandmarks marks = ImageLandmarks.of(image);
        long beyond = Math.max(image.length, marks.sizeOfImage);
        List<Field> pointers = new ArrayList<>(marks.rvaPointers);
        pointers.addAll(marks.filePointers);
        return Arbitraries.of(pointers).flatMap(field -> Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(0, Math.max(0, marks.sizeOfHeaders - 1))
                        .map(target -> redirect(field, target, "into the headers"))),
                Tuple.of(2, Arbitraries.longs().between(beyond, beyond + 0x10000)
                        .map(target -> redirect(field, target, "past the end of the file and image"))),
                Tuple.of(1, Arbitraries.just(redirect(field, 0xFFFFFFFFL, "to the top of the address space"))),
                Tuple.of(1, Arbitraries.just(redirect(field, selfTarget(marks, field), "at itself")))));
    }

    /**
     * Structures that never end: a lookup table whose first thunk names the table itself, a
     * descriptor table whose terminator is overwritten by copies of its first entry up to the
     * end of its section, a relocation block of size 0.
     */
    public static Arbitrary<Mutation> loops(byte[] image) {
        ImageLandmarks marks = ImageLandmarks.of(image);
        List<Mutation> loops = new ArrayList<>();
        for (Field start : marks.lookupTableStarts) {
            long own = marks.rvaOf(start.offset());
            loops.add(new Overwrite(start.name(), start.offset(), start.width(), own, "lookup table points back to itself"));
        }
        for (Table table : marks.tables) {
            byte[] first = new byte[table.entrySize()];
            System.arraycopy(image, table.firstEntry(), first, 0, first.length);
            int copies = Math.max(1, table.room() / table.entrySize());
            loops.add(new RepeatedBlock(table.name() + " never end", table.terminator(), first, copies));
        }
        for (Field field : marks.counts) {
            if (field.name().endsWith("SizeOfBlock")) {
                loops.add(new Overwrite(field.name(), field.offset(), 4, 0, "relocation block that does not advance"));
            }
        }
        if (loops.isEmpty()) return countOverflows(image);
        return Arbitraries.of(loops);
    }

    private static Mutation redirect(Field field, long target, String where) {
        long value = field.width() == 2 ? target & 0xFFFF : target & 0xFFFFFFFFL;
        return new Overwrite(field.name(), field.offset(), field.width(), value, "pointer " + where);
    }

    /** A file pointer's own offset, or an RVA pointer's own RVA. */
    private static long selfTarget(ImageLandmarks marks, Field field) {
        if (field.name().equals("e_lfanew") || field.name().endsWith("PointerToRawData")) return field.offset();
        return Math.max(0, marks.rvaOf(field.offset()));
    }
}
