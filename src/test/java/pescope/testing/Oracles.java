package pescope.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that compare with an outside tool or with files a Debian package installs call
 * {@link #require} before they start. On a developer's machine without the tool the test is
 * skipped with the reason; in CI, where {@code .ci/run} installs every oracle and sets
 * {@code PESCOPE_REQUIRE_ORACLES=1}, a missing oracle is a failure, so a broken install can
 * never turn a comparison into a silent skip.
 */
public final class Oracles {

    /** The environment variable (or system property {@code pescope.requireOracles}) that turns skips into failures. */
    public static final String SWITCH = "PESCOPE_REQUIRE_ORACLES";

    private Oracles() {}

    public static boolean required() {
        String value = System.getProperty("pescope.requireOracles", System.getenv(SWITCH));
        return value != null && !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** Skips the calling test when {@code present} is false, or fails it when oracles are required. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (required()) {
            fail("oracle missing: " + what + " (" + SWITCH + " is set, so this is a failure, not a skip)");
        }
        assumeTrue(false, what);
    }
}
