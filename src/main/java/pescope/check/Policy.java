package pescope.check;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which rules run, which files are excepted from which rules, and from which level a failed rule
 * fails the build. Read from the command line and an optional policy file (JSON or YAML):
 * <pre>
 * failOn: warning
 * skip: [PS1011]
 * exceptions:
 *   - path: "third_party/**"
 *     rules: [cfg, cet]
 *     reason: vendor binaries, tracked in BUG-123
 * </pre>
 *
 * @param only rule ids or names to run; empty runs every rule
 * @param skip rule ids or names not to run
 * @param failOn the least severe level that fails the build; empty never fails on findings
 */
public record Policy(Set<String> only, Set<String> skip, List<Exception> exceptions, Optional<Level> failOn) {

    /** Rules listed here do not fail for files whose path matches the glob; the reason is reported. */
    public record Exception(String path, List<String> rules, String reason) {

        boolean covers(Path file, Rule rule) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
            return (matcher.matches(file) || matcher.matches(file.normalize()))
                    && rules.stream().anyMatch(r -> matches(r, rule));
        }
    }

    public static final Policy DEFAULT = new Policy(Set.of(), Set.of(), List.of(), Optional.of(Level.ERROR));

    public Policy {
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        exceptions = List.copyOf(exceptions);
    }

    public boolean runs(Rule rule) {
        return (only.isEmpty() || only.stream().anyMatch(r -> matches(r, rule))) && skip.stream().noneMatch(r -> matches(r, rule));
    }

    /** The exception that excuses {@code rule} for {@code file}, if one does. */
    public Optional<Exception> exceptionFor(Path file, Rule rule) {
        return exceptions.stream().filter(e -> e.covers(file, rule)).findFirst();
    }

    /** A failed rule of this level fails the build. */
    public boolean failsBuild(Level level) {
        return failOn.map(level::atLeast).orElse(false);
    }

    private static boolean matches(String idOrName, Rule rule) {
        return rule.id().equalsIgnoreCase(idOrName) || rule.name().equalsIgnoreCase(idOrName);
    }
}
