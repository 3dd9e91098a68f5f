package pescope.ce;

/**
 * A load that failed.
 *
 * @param module    the module (or request) that failed
 * @param error     the Win32 error code: 14, 126, 127 or 193
 * @param reason    the reason in words, with the chain of importers
 * @param blockedBy the label of the process's own reservation that the DLL's range met (KB303444), or null
 */
public record LoadFailure(String module, int error, String reason, String blockedBy) {

    public LoadFailure(String module, int error, String reason) {
        this(module, error, reason, null);
    }
}
