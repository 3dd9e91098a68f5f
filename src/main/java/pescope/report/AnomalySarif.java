package pescope.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pescope.pe.Anomaly;
import pescope.pe.PeImage;

/**
 * The anomalies of a batch of dumped images as SARIF results. The rule id of an anomaly is its
 * kind's name ("SECTION_RAW_DATA_PAST_EOF"), the same stable code {@code dump --json} writes as
 * {@code code}: kinds are added, never renamed, so an id keeps its meaning across versions; the
 * rule's name is the same in lower case with dashes ("section-raw-data-past-eof"). A kind
 * that leaves part of a structure unread is an error, any other a warning. Collect the results
 * image by image, then write them with the rules they use.
 */
public final class AnomalySarif {

    private final List<Sarif.Result> results = new ArrayList<>();
    private final List<Sarif.Notification> notifications = new ArrayList<>();
    private final Set<Anomaly.Kind> used = EnumSet.noneOf(Anomaly.Kind.class);

    /** Each anomaly of {@code image}, located in {@code file} and, when the parse knows them, at its bytes. */
    public void add(String file, PeImage image) {
        for (Anomaly anomaly : image.anomalies()) {
            used.add(anomaly.kind());
            Anomaly.Location where = anomaly.location();
            Optional<Sarif.Region> region = where.hasOffset()
                    ? Optional.of(new Sarif.Region(where.offset(), where.hasLength() ? where.length() : -1))
                    : Optional.empty();
            results.add(new Sarif.Result(anomaly.kind().name(), level(anomaly.kind()), anomaly.message(), file,
                    Optional.empty(), region));
        }
    }

    /** A file that could not be read at all: a notification of the run, not a result of a rule. */
    public void addUnreadable(String file, String problem) {
        notifications.add(new Sarif.Notification("error", problem, file));
    }

    public void write(java.io.Writer out, String toolVersion) throws java.io.IOException {
        Sarif.write(out, toolVersion, rules(used), results,
                Optional.of(new Sarif.Invocation(notifications.isEmpty(), notifications)));
    }

    /** The rules for the given kinds, in the registry's order (so a rule's index depends only on which kinds occur). */
    static List<Sarif.Rule> rules(Set<Anomaly.Kind> kinds) {
        List<Sarif.Rule> rules = new ArrayList<>();
        for (Anomaly.Kind kind : Anomaly.Kind.values()) {
            if (kinds.contains(kind)) {
                rules.add(new Sarif.Rule(kind.name(), kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), kind.title(), kind.description(), help(kind),
                        level(kind), Map.of("structure", kind.structure())));
            }
        }
        return rules;
    }

    private static String help(Anomaly.Kind kind) {
        return kind.effect() == Anomaly.Effect.PART_UNREAD
                ? "The file is damaged or cut short: compare its size and hash with the original and get an intact copy."
                : "Unusual in a linker's output, and read around: if the file is not meant to be odd, check how it was made.";
    }

    static String level(Anomaly.Kind kind) {
        return kind.effect() == Anomaly.Effect.PART_UNREAD ? "error" : "warning";
    }
}
