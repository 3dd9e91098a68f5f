/**
 * Security verdicts for build gates: each {@link pescope.check.Rule} turns the facts of one image
 * ({@link pescope.check.SecurityFacts}, read by pe) into pass, fail or not-applicable with a
 * reason, and a {@link pescope.check.Policy} says which rules run, which paths are excepted and
 * which level fails a build. Pure logic: no I/O, no rendering.
 */
package pescope.check;
