package pescope.ce;

import java.util.List;

/**
 * A reservation in a process's own address space.
 *
 * @param insideSlot  false for a VirtualAlloc of 2 MB or more, which CE places outside the slot
 * @param blocksLoads the later loads that failed with error 14 because their range met this reservation
 */
public record Allocation(Kind kind, String label, long base, long size, int blocks, boolean insideSlot,
                         List<String> blocksLoads) {

    public Allocation {
        blocksLoads = List.copyOf(blocksLoads);
    }

    public Allocation(Kind kind, String label, long base, long size, int blocks, boolean insideSlot) {
        this(kind, label, base, size, blocks, insideSlot, List.of());
    }

    public Allocation withBlockedLoads(List<String> loads) {
        return new Allocation(kind, label, base, size, blocks, insideSlot, loads);
    }

    /** Whether the address lies in this reservation. */
    public boolean covers(long address) {
        return insideSlot && address >= base && address < end();
    }

    public enum Kind {
        /** The EXE image. */
        EXE,
        /** The main thread's stack. */
        STACK,
        /** A heap segment. */
        HEAP,
        /** A VirtualAlloc by the application, bottom-up. */
        EXPLICIT,
        /** A VirtualAlloc with MEM_TOP_DOWN (CE 3.0). */
        EXPLICIT_TOP_DOWN,
        /** CE 4.x/5.0: the RW sections of split ROM DLLs, pre-reserved in every process. */
        ROM_RW_AREA,
        /** Given by the device profile as already present. */
        PRESENT
    }

    public long end() {
        return base + blocks * SlotAllocator.BLOCK;
    }

    /** Counts toward "the top of the bottom-up allocations" (ce-loader.md §3 step 17). */
    public boolean isBottomUp() {
        return insideSlot && kind != Kind.EXPLICIT_TOP_DOWN && kind != Kind.ROM_RW_AREA;
    }
}
