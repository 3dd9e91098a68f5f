package pescope.ce;

import java.util.Objects;

/** The parts of a section header that the CE cost and ROM layout rules read. */
public record CeSection(String name, long virtualSize, long sizeOfRawData, long characteristics) {
    /** PE/COFF spec: IMAGE_SCN_MEM_SHARED. */
    public static final long IMAGE_SCN_MEM_SHARED = 0x10000000L;
    /** PE/COFF spec: IMAGE_SCN_MEM_WRITE. */
    public static final long IMAGE_SCN_MEM_WRITE = 0x80000000L;
    /** ce-loader.md §1: the commit granule (4 KB pages). */
    public static final long PAGE = 0x1000;

    public CeSection {
        Objects.requireNonNull(name, "name");
    }

    public boolean isWritable() {
        return (characteristics & IMAGE_SCN_MEM_WRITE) != 0;
    }

    public boolean isShared() {
        return (characteristics & IMAGE_SCN_MEM_SHARED) != 0;
    }

    /** romimage keeps writable, non-shared sections in slot 0 when it splits a DLL (ce-loader.md §4). */
    public boolean staysInSlotZero() {
        return isWritable() && !isShared();
    }

    /** The size dumpbin's summary shows: VirtualSize rounded up to a page (KB326163). */
    public long summarySize() {
        return pageAlign(virtualSize == 0 ? sizeOfRawData : virtualSize);
    }

    /** romimage's size of a section: page_align(max(VirtualSize, SizeOfRawData)) (ce-loader.md §4). */
    public long romSize() {
        return pageAlign(Math.max(virtualSize, sizeOfRawData));
    }

    static long pageAlign(long size) {
        return (size + PAGE - 1) & -PAGE;
    }
}
