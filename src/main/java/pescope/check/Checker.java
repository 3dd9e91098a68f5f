package pescope.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the policy's rules over one image's facts. */
public final class Checker {

    private final Policy policy;

    public Checker(Policy policy) {
        this.policy = policy;
    }

    public List<RuleResult> check(Path file, SecurityFacts facts) {
        List<RuleResult> results = new ArrayList<>();
        for (Rule rule : Rules.ALL) {
            if (policy.runs(rule)) {
                Verdict verdict = rule.evaluate(facts);
                results.add(new RuleResult(rule, verdict,
                        verdict.failed() ? policy.exceptionFor(file, rule) : java.util.Optional.empty()));
            }
        }
        return results;
    }

    /** Whether these results fail the build under the policy. */
    public boolean failsBuild(List<RuleResult> results) {
        return results.stream().anyMatch(r -> r.isFinding() && policy.failsBuild(r.rule().level()));
    }
}
