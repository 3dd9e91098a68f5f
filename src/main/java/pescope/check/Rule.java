package pescope.check;

import java.util.function.Function;

/**
 * One check. {@code id} is stable ({@code PS1001}...) and {@code name} is the short name used
 * in JSON and on the command line; {@code binskim} and {@code winchecksec} name the equivalent
 * rule of those tools where one exists (empty otherwise), so a team moving from either can map
 * its suppressions.
 */
public record Rule(
        String id,
        String name,
        String title,
        Level level,
        String why,
        String fix,
        String binskim,
        String winchecksec,
        Function<SecurityFacts, Verdict> check) {

    public Verdict evaluate(SecurityFacts facts) {
        return check.apply(facts);
    }
}
