package pescope.check;

/**
 * The load-configuration fields the rules look at, each 0 when the directory's Size does not
 * reach it (the structure grew over Windows versions; a field past Size is absent, not zero by
 * choice, but the loader treats both alike).
 */
public record LoadConfigFacts(
        long size,
        long securityCookie,
        long seHandlerTable,
        long seHandlerCount,
        long guardCFCheckFunctionPointer,
        long guardCFFunctionTable,
        long guardCFFunctionCount,
        long guardFlags) {

    /** IMAGE_GUARD_CF_INSTRUMENTED: the module performs control-flow checks. */
    public static final long GUARD_CF_INSTRUMENTED = 0x100;
}
