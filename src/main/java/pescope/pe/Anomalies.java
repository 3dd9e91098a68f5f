package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import pescope.pe.Anomaly.Kind;
import pescope.pe.Anomaly.Location;

/**
 * The anomalies of one parse. A damaged table can have thousands of bad entries, each worth an
 * anomaly; past {@link #MAX_LISTED_PER_KIND} of one kind they are only counted (their message is
 * not even formatted), so a hostile file cannot flood the report or the heap with them.
 */
final class Anomalies {

    /** Anomalies of one kind listed one by one; a real image has a handful at most. */
    static final int MAX_LISTED_PER_KIND = 100;

    /** Kind.values() makes a new array at each call; every parse needs them. */
    private static final Kind[] KINDS = Kind.values();

    private final List<Anomaly> listed = new ArrayList<>();
    private final int[] found = new int[KINDS.length];
    /** Where the unlisted anomalies of a kind were: the structure of the first one. */
    private final String[] firstStructure = new String[KINDS.length];

    /** An anomaly in the structure its kind names, at no known offset. */
    void add(Kind kind, String format, Object... args) {
        add(kind, Location.of(kind.structure()), format, args);
    }

    void add(Kind kind, Location location, String format, Object... args) {
        int k = kind.ordinal();
        if (firstStructure[k] == null) {
            firstStructure[k] = location.structure();
        }
        if (++found[k] <= MAX_LISTED_PER_KIND) {
            listed.add(Anomaly.of(kind, location, format, args));
        }
    }

    /** The listed anomalies in the order found, then one per kind that had more than could be listed. */
    List<Anomaly> toList() {
        List<Anomaly> all = new ArrayList<>(listed);
        for (Kind kind : KINDS) {
            int unlisted = found[kind.ordinal()] - MAX_LISTED_PER_KIND;
            if (unlisted > 0) {
                all.add(Anomaly.of(kind, Location.of(firstStructure[kind.ordinal()]),
                        "%d more %s anomalies, not listed", unlisted, kind));
            }
        }
        return all;
    }
}
