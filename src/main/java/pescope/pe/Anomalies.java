package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import pescope.pe.Anomaly.Kind;

/**
 * The anomalies of one parse. A damaged table can have thousands of bad entries, each worth an
 * anomaly; past {@link #MAX_LISTED_PER_KIND} of one kind they are only counted (their message is
 * not even formatted), so a hostile file cannot flood the report or the heap with them.
 */
final class Anomalies {

    /** Anomalies of one kind listed one by one; a real image has a handful at most. */
    static final int MAX_LISTED_PER_KIND = 100;

    private final List<Anomaly> listed = new ArrayList<>();
    private final int[] found = new int[Kind.values().length];

    void add(Kind kind, String format, Object... args) {
        if (++found[kind.ordinal()] <= MAX_LISTED_PER_KIND) {
            listed.add(Anomaly.of(kind, format, args));
        }
    }

    /** The listed anomalies in the order found, then one per kind that had more than could be listed. */
    List<Anomaly> toList() {
        List<Anomaly> all = new ArrayList<>(listed);
        for (Kind kind : Kind.values()) {
            int unlisted = found[kind.ordinal()] - MAX_LISTED_PER_KIND;
            if (unlisted > 0) {
                all.add(Anomaly.of(kind, "%d more %s anomalies, not listed", unlisted, kind));
            }
        }
        return all;
    }
}
