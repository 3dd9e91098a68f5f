package pescope.ce;

import java.util.Arrays;

/**
 * A table of 64 KB blocks, each free or used by a named owner: the global DLL map or one
 * process's map (ce-loader.md §3). Mutable; lives only inside one {@link SlotAllocator} run.
 */
final class BlockMap {
    /** Who uses a block; ROM mirrors may overlap each other in a process map. */
    record Use(String owner, boolean rom) {}

    private final long baseAddress;
    private final Use[] uses;

    BlockMap(long baseAddress, int blocks) {
        this.baseAddress = baseAddress;
        this.uses = new Use[blocks];
    }

    int size() {
        return uses.length;
    }

    long addressOf(int block) {
        return baseAddress + block * SlotAllocator.BLOCK;
    }

    /** The block holding this address; may lie outside the map. */
    int blockOf(long address) {
        return (int) Math.floorDiv(address - baseAddress, SlotAllocator.BLOCK);
    }

    boolean contains(int first, int count) {
        return first >= 0 && count >= 0 && first + count <= uses.length;
    }

    boolean isFree(int first, int count) {
        return firstUsed(first, count) < 0;
    }

    /** The first used block in the range, or -1. */
    int firstUsed(int first, int count) {
        for (int b = first; b < first + count; b++) {
            if (uses[b] != null) {
                return b;
            }
        }
        return -1;
    }

    /** The first block in the range used by something other than a ROM mirror, or -1. */
    int firstUsedByNonRom(int first, int count) {
        for (int b = first; b < first + count; b++) {
            if (uses[b] != null && !uses[b].rom()) {
                return b;
            }
        }
        return -1;
    }

    Use useOf(int block) {
        return uses[block];
    }

    void reserve(int first, int count, Use use) {
        Arrays.fill(uses, first, first + count, use);
    }

    /** Marks the free blocks of the range; blocks already used keep their owner. */
    void reserveFree(int first, int count, Use use) {
        int from = Math.max(first, 0);
        int to = Math.min(first + count, uses.length);
        for (int b = from; b < to; b++) {
            if (uses[b] == null) {
                uses[b] = use;
            }
        }
    }

    void release(int first, int count) {
        Arrays.fill(uses, first, first + count, null);
    }

    /** Frees the blocks of the range that this owner holds. */
    void releaseOwnedBy(int first, int count, String owner) {
        for (int b = first; b < first + count; b++) {
            if (uses[b] != null && uses[b].owner().equals(owner)) {
                uses[b] = null;
            }
        }
    }

    /**
     * ce-loader.md §3 step 7: scan from the top block down to {@code lowest}, counting free blocks and
     * restarting at every used one; the first run that reaches {@code count} wins. Returns its lowest
     * block, or -1.
     */
    int findTopDown(int count, int lowest) {
        int run = 0;
        for (int b = uses.length - 1; b >= lowest; b--) {
            run = uses[b] == null ? run + 1 : 0;
            if (run == count) {
                return b;
            }
        }
        return -1;
    }

    /** ce-loader.md §3 step 14: bottom-up first fit from {@code lowest}. Returns the first block, or -1. */
    int findBottomUp(int count, int lowest) {
        return findBottomUp(count, lowest, uses.length);
    }

    /** Bottom-up first fit from {@code lowest} among the blocks below {@code below}. Returns the first block, or -1. */
    int findBottomUp(int count, int lowest, int below) {
        int run = 0;
        for (int b = lowest; b < Math.min(below, uses.length); b++) {
            run = uses[b] == null ? run + 1 : 0;
            if (run == count) {
                return b - count + 1;
            }
        }
        return -1;
    }
}
