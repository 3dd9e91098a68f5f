package pescope.pe;

import java.util.List;

/**
 * Maps relative virtual addresses to file offsets the way the Windows loader lays a file out,
 * with the quirks pefile documents: raw pointers are rounded down to 0x200 when FileAlignment is
 * at least 0x200, section starts are rounded down to SectionAlignment (or to FileAlignment in
 * low-alignment images, whose SectionAlignment is below a page), and RVAs in front of the first
 * section address the headers.
 */
public final class RvaMapper {

    /** Returned when an RVA has no bytes in the file (unmapped, or the zero-filled tail of a section). */
    public static final long NOT_IN_FILE = -1;

    /** The loader reads raw data in 512-byte units whatever FileAlignment says (pefile: FILE_ALIGNMENT_HARDCODED_VALUE). */
    static final long LOADER_SECTOR = 0x200;
    static final long PAGE = 0x1000;

    private final List<Section> sections;
    private final long sectionAlignment;
    private final long fileAlignment;
    private final long sizeOfHeaders;
    private final long fileSize;

    /** Per section, where it starts in memory and where it ends, worked out once: every name lookup maps an RVA. */
    private final long[] mappedStart;
    private final long[] mappedEnd;
    private final long[] rawStart;

    public RvaMapper(List<Section> sections, long sectionAlignment, long fileAlignment, long sizeOfHeaders, long fileSize) {
        this.sections = List.copyOf(sections);
        this.sectionAlignment = sectionAlignment;
        this.fileAlignment = fileAlignment;
        this.sizeOfHeaders = sizeOfHeaders;
        this.fileSize = fileSize;
        int count = this.sections.size();
        mappedStart = new long[count];
        mappedEnd = new long[count];
        rawStart = new long[count];
        for (int i = 0; i < count; i++) {
            mappedStart[i] = alignedSectionStart(this.sections.get(i).virtualAddress());
            mappedEnd[i] = mappedStart[i] + mappedSize(i, mappedStart[i]);
            rawStart[i] = alignedRawPointer(this.sections.get(i).pointerToRawData());
        }
    }

    /** The file offset holding the byte at {@code rva}, or {@link #NOT_IN_FILE}. */
    public long mapRvaToOffset(long rva) {
        int index = sectionIndexAt(rva);
        if (index < 0) {
            return inHeaders(rva) ? rva : NOT_IN_FILE;
        }
        long delta = rva - mappedStart[index];
        if (delta >= sections.get(index).sizeOfRawData()) {
            return NOT_IN_FILE;
        }
        long offset = rawStart[index] + delta;
        return offset < fileSize ? offset : NOT_IN_FILE;
    }

    /** The section whose mapped range holds {@code rva}, or null. */
    public Section sectionAt(long rva) {
        int index = sectionIndexAt(rva);
        return index < 0 ? null : sections.get(index);
    }

    /** The first section, in table order, whose mapped range holds {@code rva}; -1 when none does. */
    private int sectionIndexAt(long rva) {
        for (int i = 0; i < mappedStart.length; i++) {
            if (rva >= mappedStart[i] && rva < mappedEnd[i]) {
                return i;
            }
        }
        return -1;
    }

    private boolean inHeaders(long rva) {
        if (rva < 0 || rva >= fileSize) {
            return false;
        }
        // Low-alignment images are mapped as one flat copy of the file.
        return sectionAlignment < PAGE || sections.isEmpty() || rva < Math.max(sizeOfHeaders, firstSectionStart());
    }

    private long firstSectionStart() {
        long lowest = Long.MAX_VALUE;
        for (long start : mappedStart) {
            lowest = Math.min(lowest, start);
        }
        return lowest;
    }

    /**
     * How far a section reaches in memory: its virtual size, or its raw size when that is larger
     * and really in the file, cut where the next section begins.
     */
    private long mappedSize(int index, long start) {
        Section section = sections.get(index);
        long rawStart = alignedRawPointer(section.pointerToRawData());
        long size = fileSize - rawStart < section.sizeOfRawData()
                ? section.virtualSize()
                : Math.max(section.sizeOfRawData(), section.virtualSize());
        if (index + 1 < sections.size()) {
            long next = sections.get(index + 1).virtualAddress();
            if (next > section.virtualAddress() && start + size > next) {
                size = next - start;
            }
        }
        return size;
    }

    long alignedRawPointer(long pointer) {
        return fileAlignment < LOADER_SECTOR ? pointer : (pointer / LOADER_SECTOR) * LOADER_SECTOR;
    }

    long alignedSectionStart(long virtualAddress) {
        long alignment = sectionAlignment < PAGE ? fileAlignment : sectionAlignment;
        return alignment > 0 ? virtualAddress - virtualAddress % alignment : virtualAddress;
    }
}
