package pescope.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import pescope.testing.PeMutations.HostileImage;

class PeMutationsTest {

    @Property(tries = 300)
    void applyingAMutationLeavesTheOriginalUntouched(@ForAll("hostileImages") HostileImage hostile) {
        byte[] original = hostile.original();
        byte[] before = original.clone();

        byte[] mutated = hostile.mutation().applyTo(original);

        assertArrayEquals(before, original);
        assertNotSame(original, mutated);
    }

    @Property(tries = 200)
    void flipsAndTruncationsAlwaysChangeTheImage(@ForAll("hostileImages") HostileImage hostile) {
        // An overwrite may write the value a field already holds; a flip or a truncation may not.
        if (hostile.mutation() instanceof Mutation.ByteFlips || hostile.mutation() instanceof Mutation.Truncation) {
            assertFalse(Arrays.equals(hostile.original(), hostile.bytes()), hostile.mutation().toString());
        }
    }

    @Property(tries = 200)
    void aTruncationKeepsExactlyItsLength(@ForAll("images") byte[] image, @ForAll("lengths") int seed) {
        int length = Math.floorMod(seed, image.length);

        assertEquals(length, new Mutation.Truncation(length).applyTo(image).length);
    }

    @Property(tries = 200)
    void everyMutationDescribesItselfWithoutObjectIdentities(@ForAll("hostileImages") HostileImage hostile) {
        String description = hostile.mutation().toString();

        assertFalse(description.isBlank());
        assertFalse(description.matches(".*\\[B@[0-9a-f]+.*"), description);
    }

    @Provide
    Arbitrary<HostileImage> hostileImages() {
        return PeMutations.hostileImages();
    }

    @Provide
    Arbitrary<byte[]> images() {
        return PeLayouts.layouts().map(PeWriter::write);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers();
    }
}
