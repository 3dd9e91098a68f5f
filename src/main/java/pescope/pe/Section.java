package pescope.pe;

/**
 * One section-table entry. {@code name} is the resolved name (a "/4" long name looked up in the
 * COFF string table); {@code rawName} is the 8-byte field as stored.
 */
public record Section(
        int number,
        String name,
        String rawName,
        long virtualSize,
        long virtualAddress,
        long sizeOfRawData,
        long pointerToRawData,
        long pointerToRelocations,
        long pointerToLinenumbers,
        int numberOfRelocations,
        int numberOfLinenumbers,
        long characteristics) {

    public static final long CODE = 0x00000020L;
    public static final long INITIALIZED_DATA = 0x00000040L;
    public static final long UNINITIALIZED_DATA = 0x00000080L;
    public static final long MEM_DISCARDABLE = 0x02000000L;
    public static final long MEM_SHARED = 0x10000000L;
    public static final long MEM_EXECUTE = 0x20000000L;
    public static final long MEM_READ = 0x40000000L;
    public static final long MEM_WRITE = 0x80000000L;

    public boolean hasLongName() {
        return !name.equals(rawName);
    }

    public boolean has(long flag) {
        return (characteristics & flag) != 0;
    }
}
