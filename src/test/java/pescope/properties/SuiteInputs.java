package pescope.properties;

import net.jqwik.api.Arbitrary;

import pescope.properties.RealFiles.MutatedFile;
import pescope.testing.PeLayout;
import pescope.testing.PeLayouts;
import pescope.testing.PeMutations;
import pescope.testing.PeMutations.HostileImage;

/**
 * What the property suite feeds on. jqwik sizes generation, and the edge cases of a flatMap, by
 * a genSize that grows with the number of tries; the generators here are flatMaps many levels
 * deep, so it is held at the size of a default run and a long run stays linear in its tries.
 */
final class SuiteInputs {

    private static final int GEN_SIZE = 1000;

    private SuiteInputs() {}

    static Arbitrary<PeLayout> layouts() {
        return PeLayouts.layouts().fixGenSize(GEN_SIZE);
    }

    static Arbitrary<HostileImage> hostileImages() {
        return PeMutations.hostileImages().fixGenSize(GEN_SIZE);
    }

    static Arbitrary<MutatedFile> mutatedRealFiles() {
        return RealFiles.mutated().fixGenSize(GEN_SIZE);
    }
}
