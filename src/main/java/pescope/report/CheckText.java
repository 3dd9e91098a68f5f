package pescope.report;

import java.util.List;
import pescope.check.RuleResult;

/**
 * {@code check}'s text: one line per failing rule, in the compiler-diagnostic shape editors and CI
 * logs link ("FILE: level ID name: reason. Fix: ..."); with {@code verbose}, passes and rules that
 * do not apply too, so a reviewer can see what was checked.
 */
public final class CheckText {

    private final boolean verbose;

    public CheckText(boolean verbose) {
        this.verbose = verbose;
    }

    public String render(String file, List<RuleResult> results) {
        StringBuilder out = new StringBuilder();
        file = TerminalText.escape(file);
        for (RuleResult r : results) {
            if (r.verdict().failed()) {
                out.append(file).append(": ").append(r.excepted().isPresent() ? "excepted" : r.rule().level().sarifName())
                        .append(' ').append(r.rule().id()).append(' ').append(r.rule().name()).append(": ")
                        .append(TerminalText.escape(r.verdict().reason()));
                r.excepted().ifPresentOrElse(e -> out.append(" (policy: ").append(e.reason()).append(')'),
                        () -> out.append(". Fix: ").append(r.rule().fix()));
                out.append('\n');
            } else if (verbose) {
                out.append(file).append(": ").append(r.verdict().outcome().jsonName()).append(' ').append(r.rule().id())
                        .append(' ').append(r.rule().name()).append(": ").append(TerminalText.escape(r.verdict().reason())).append('\n');
            }
        }
        return out.toString();
    }
}
