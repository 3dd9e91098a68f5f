package pescope.ce;

/**
 * A load that failed.
 *
 * @param module the module (or request) that failed
 * @param error  the Win32 error code: 14, 126, 127 or 193
 * @param reason the reason in words, with the chain of importers
 */
public record LoadFailure(String module, int error, String reason) {}
