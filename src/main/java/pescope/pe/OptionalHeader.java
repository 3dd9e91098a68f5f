package pescope.pe;

/**
 * The optional header (IMAGE_OPTIONAL_HEADER32 or 64) with width differences folded away:
 * every u4/u8 value is a {@code long}. {@code baseOfData} exists only in PE32 images.
 */
public record OptionalHeader(
        int magic,
        int majorLinkerVersion,
        int minorLinkerVersion,
        long sizeOfCode,
        long sizeOfInitializedData,
        long sizeOfUninitializedData,
        long addressOfEntryPoint,
        long baseOfCode,
        Long baseOfData,
        long imageBase,
        long sectionAlignment,
        long fileAlignment,
        Version operatingSystemVersion,
        Version imageVersion,
        Version subsystemVersion,
        long win32VersionValue,
        long sizeOfImage,
        long sizeOfHeaders,
        long checkSum,
        int subsystem,
        int dllCharacteristics,
        long sizeOfStackReserve,
        long sizeOfStackCommit,
        long sizeOfHeapReserve,
        long sizeOfHeapCommit,
        long loaderFlags,
        long numberOfRvaAndSizes) {

    public static final int PE32_MAGIC = 0x10B;
    public static final int PE32_PLUS_MAGIC = 0x20B;

    public boolean isPe32Plus() {
        return magic == PE32_PLUS_MAGIC;
    }

    /** "PE32" or "PE32+", the names the PE specification uses. */
    public String formatName() {
        return isPe32Plus() ? "PE32+" : "PE32";
    }

    /** A major.minor pair as the headers store it. */
    public record Version(int major, int minor) {
        /** Printed the way dumpbin does: the minor part always has two digits ({@code 6.00}). */
        @Override
        public String toString() {
            return String.format("%d.%02d", major, minor);
        }

        public boolean isBelow(int otherMajor, int otherMinor) {
            return major < otherMajor || (major == otherMajor && minor < otherMinor);
        }
    }
}
