package pescope.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

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
    void aMutationChangesTheImage(@ForAll("hostileImages") HostileImage hostile) {
        byte[] original = hostile.original();
        byte[] mutated = hostile.bytes();

        // Overwriting a field with the value it already holds, or a loop over an already looping
        // table, is the only way to leave the image equal; flips and truncations always change it.
        if (hostile.mutation() instanceof Mutation.ByteFlips || hostile.mutation() instanceof Mutation.Truncation) {
            assertFalse(java.util.Arrays.equals(original, mutated), hostile.mutation().toString());
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
        return net.jqwik.api.Arbitraries.integers();
    }
}
