package pescope.pe;

/**
 * How many characters of names one parse may hand out, in proportion to the file's size, and a
 * small cache of the names last read. A real image stores each name once and refers to it once,
 * so its names add up to less than the file; tables that overlap or point at one name again and
 * again (a 4 MB file can hold a million references to one 511-byte name) would otherwise make
 * gigabytes of model and output out of megabytes of input.
 */
final class NameBudget {

    /** Name characters allowed per byte of file: four times what a file can really hold. */
    static final long CHARACTERS_PER_FILE_BYTE = 4;
    /** Allowed whatever the file's size, so small files are never cut short. */
    static final long ALLOWANCE = 1 << 20;
    /**
     * Slots of the cache, by file offset; a repeated reference hits it instead of making a new
     * String. It starts small and doubles (forgetting what it held) each time it has stored more
     * names than it has slots: a cache of the largest size for every file was 12 KB, a tenth of
     * what parsing a wine DLL allocated (issue 16).
     */
    private static final int FIRST_CACHE_SLOTS = 64;
    private static final int MAX_CACHE_SLOTS = 1024;

    private final long limit;
    private long spent;
    /** File offset + 1 of the name in each slot, 0 for an empty slot (offsets are below 2 GB). */
    private int[] cachedOffset = new int[FIRST_CACHE_SLOTS];
    private String[] cachedName = new String[FIRST_CACHE_SLOTS];
    private int storedSinceResize;

    NameBudget(long fileSize) {
        this.limit = CHARACTERS_PER_FILE_BYTE * fileSize + ALLOWANCE;
    }

    long limit() {
        return limit;
    }

    boolean isSpent() {
        return spent >= limit;
    }

    /** The name read earlier at this offset, if it is still cached. */
    String cached(long offset) {
        int slot = slot(offset);
        return cachedOffset[slot] == offset + 1 ? cachedName[slot] : null;
    }

    void cache(long offset, String name) {
        if (++storedSinceResize > cachedOffset.length && cachedOffset.length < MAX_CACHE_SLOTS) {
            cachedOffset = new int[2 * cachedOffset.length];
            cachedName = new String[cachedOffset.length];
            storedSinceResize = 1;
        }
        int slot = slot(offset);
        cachedOffset[slot] = (int) (offset + 1);
        cachedName[slot] = name;
    }

    /** Counts a name handed out (cached or not); the terminator counts, so empty names cost too. */
    void charge(String name) {
        spent += name.length() + 1;
    }

    private int slot(long offset) {
        return (int) ((offset ^ (offset >>> 17)) & (cachedOffset.length - 1));
    }
}
