package pescope.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PeLayoutsTest {

    @Property(tries = 300)
    void everyGeneratedLayoutWritesToAnImageUnderOneMegabyte(@ForAll("layouts") PeLayout layout) {
        byte[] image = PeWriter.write(layout);

        assertTrue(image.length < 1024 * 1024, "image of " + image.length + " bytes");
    }

    @Property(tries = 300)
    void everyGeneratedLayoutHasAtMost96Sections(@ForAll("layouts") PeLayout layout) {
        assertTrue(layout.numberOfSections() <= PeLayouts.MAX_SECTIONS);
    }

    @Provide
    Arbitrary<PeLayout> layouts() {
        return PeLayouts.layouts();
    }
}
