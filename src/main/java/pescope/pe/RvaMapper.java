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

    public RvaMapper(List<Section> sections, long sectionAlignment, long fileAlignment, long sizeOfHeaders, long fileSize) {
        this.sections = List.copyOf(sections);
        this.sectionAlignment = sectionAlignment;
        this.fileAlignment = fileAlignment;
        this.sizeOfHeaders = sizeOfHeaders;
        this.fileSize = fileSize;
    }

    /** The file offset holding the byte at {@code rva}, or {@link #NOT_IN_FILE}. */
    public long mapRvaToOffset(long rva) {
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            long start = alignedSectionStart(section.virtualAddress());
            if (rva < start || rva >= start + mappedSize(i, start)) {
                continue;
            }
            long delta = rva - start;
            if (delta >= section.sizeOfRawData()) {
                return NOT_IN_FILE;
            }
            long offset = alignedRawPointer(section.pointerToRawData()) + delta;
            return offset < fileSize ? offset : NOT_IN_FILE;
        }
        return inHeaders(rva) ? rva : NOT_IN_FILE;
    }

    /** The section whose mapped range holds {@code rva}, or null. */
    public Section sectionAt(long rva) {
        for (int i = 0; i < sections.size(); i++) {
            long start = alignedSectionStart(sections.get(i).virtualAddress());
            if (rva >= start && rva < start + mappedSize(i, start)) {
                return sections.get(i);
            }
        }
        return null;
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
        for (Section s : sections) {
            lowest = Math.min(lowest, alignedSectionStart(s.virtualAddress()));
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
