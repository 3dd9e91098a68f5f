package pescope.check;

/** One rule's answer for one image, with the reason a user reads. */
public record Verdict(Outcome outcome, String reason) {

    public enum Outcome {
        PASS("pass"), FAIL("fail"), NOT_APPLICABLE("not-applicable");

        private final String jsonName;

        Outcome(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    public static Verdict pass(String reason) {
        return new Verdict(Outcome.PASS, reason);
    }

    public static Verdict fail(String reason) {
        return new Verdict(Outcome.FAIL, reason);
    }

    public static Verdict notApplicable(String reason) {
        return new Verdict(Outcome.NOT_APPLICABLE, reason);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
