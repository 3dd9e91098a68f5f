package pescope.pe.clr;

import java.util.ArrayList;
import java.util.List;
import pescope.pe.Anomaly;
import pescope.pe.Anomaly.Kind;

/**
 * The anomalies of one metadata read, at most {@link #MAX_LISTED_PER_KIND} of each kind listed;
 * a table of hostile indexes cannot flood the report.
 */
final class MetadataAnomalies {

    static final int MAX_LISTED_PER_KIND = 100;

    private final List<Anomaly> listed = new ArrayList<>();
    private final int[] found = new int[Kind.values().length];

    void add(Kind kind, String format, Object... args) {
        if (++found[kind.ordinal()] <= MAX_LISTED_PER_KIND) {
            listed.add(ClrReader.anomaly(kind, format, args));
        }
    }

    List<Anomaly> toList() {
        List<Anomaly> all = new ArrayList<>(listed);
        for (Kind kind : Kind.values()) {
            int unlisted = found[kind.ordinal()] - MAX_LISTED_PER_KIND;
            if (unlisted > 0) {
                all.add(ClrReader.anomaly(kind, "%d more %s anomalies, not listed", unlisted, kind));
            }
        }
        return List.copyOf(all);
    }
}
