package pescope.ce;

/** The Win32 errors with which a CE load fails (ce-loader.md §1). */
public enum LoadError {
    ERROR_OUTOFMEMORY(14, "no address space"),
    ERROR_MOD_NOT_FOUND(126, "module not found"),
    ERROR_PROC_NOT_FOUND(127, "a needed export is missing"),
    ERROR_BAD_EXE_FORMAT(193, "not a loadable image");

    private final int code;
    private final String words;

    LoadError(int code, String words) {
        this.code = code;
        this.words = words;
    }

    public int code() {
        return code;
    }

    /** A short description of the error in words. */
    public String words() {
        return words;
    }
}
