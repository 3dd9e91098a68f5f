package pescope.pe;

import java.util.HashSet;
import java.util.Set;

/**
 * How many bytes of pointed-at data (debug records, manifests) one parse may decode, shared by
 * its readers. In a sound image such data does not overlap, so it adds up to less than the file;
 * a damaged or crafted directory can point 256 debug entries, or 32,768 resource leaves, at the
 * same large range, which read naively decodes that range once per entry: a 54 KB file with 256
 * debug entries on one 48 KB POGO record allocated 415 MB.
 */
final class DataBudget {

    /** Allowed whatever the file's size, so a small file's records are never refused. */
    static final long ALLOWANCE = 64 << 10;

    private long left;
    private final Set<String> reported = new HashSet<>();

    DataBudget(long fileSize) {
        this.left = fileSize + ALLOWANCE;
    }

    /** Takes {@code length} bytes from the budget; false, taking nothing, when fewer are left. */
    boolean take(long length) {
        if (length > left) {
            return false;
        }
        left -= Math.max(0, length);
        return true;
    }

    /** True the first time a structure is refused, so each reports it once. */
    boolean firstRefusalIn(String structure) {
        return reported.add(structure);
    }
}
