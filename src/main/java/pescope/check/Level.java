package pescope.check;

/** How much a failed rule matters, in SARIF's words: a failed error rule fails the build by default. */
public enum Level {
    ERROR, WARNING, NOTE;

    public String sarifName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** This level is at least as severe as {@code other} (ERROR is the most severe). */
    public boolean atLeast(Level other) {
        return ordinal() <= other.ordinal();
    }
}
