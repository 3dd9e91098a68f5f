package pescope.ce;

/** One reservation in the global DLL map. */
public record GlobalEntry(String module, long base, int blocks, Origin origin) {

    public enum Origin {
        /** Fixed at ROM build time. */
        ROM,
        /** Placed by this run. */
        RAM,
        /** Given by the device as already loaded by another process. */
        PRELOADED
    }

    public long end() {
        return base + blocks * SlotAllocator.BLOCK;
    }
}
