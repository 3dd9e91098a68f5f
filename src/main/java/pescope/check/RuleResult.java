package pescope.check;

import java.util.Optional;

/** A rule's verdict on one file, and the policy exception that excuses a failure, if any. */
public record RuleResult(Rule rule, Verdict verdict, Optional<Policy.Exception> excepted) {

    /** A failure that counts: not excepted by the policy. */
    public boolean isFinding() {
        return verdict.failed() && excepted.isEmpty();
    }
}
