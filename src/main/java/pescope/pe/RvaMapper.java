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
    private final long firstSectionStart;

    /**
     * The mapped ranges cut into disjoint segments, sorted by start, each owned by the first
     * section (in table order) that covers it: a lookup is a binary search, not a scan of up to
     * 2,048 sections for every name an export table points at.
     */
    private final long[] segmentStart;
    private final long[] segmentEnd;
    private final int[] segmentOwner;

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
        long lowest = Long.MAX_VALUE;
        for (long start : mappedStart) {
            lowest = Math.min(lowest, start);
        }
        firstSectionStart = lowest;
        Segments segments = Segments.of(mappedStart, mappedEnd);
        segmentStart = segments.start;
        segmentEnd = segments.end;
        segmentOwner = segments.owner;
    }

    /** Disjoint ranges with the lowest index of the ranges covering each. */
    private record Segments(long[] start, long[] end, int[] owner) {

        /** A sweep over the range ends, keeping the covering ranges in a sorted set: O(n log n). */
        static Segments of(long[] starts, long[] ends) {
            Segments ordered = ofAscendingDisjoint(starts, ends);
            if (ordered != null) {
                return ordered;
            }
            int n = starts.length;
            long[][] events = new long[2 * n][];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (ends[i] > starts[i]) {
                    events[count++] = new long[] {starts[i], 1, i};
                    events[count++] = new long[] {ends[i], 0, i};
                }
            }
            long[][] sorted = java.util.Arrays.copyOf(events, count);
            java.util.Arrays.sort(sorted, java.util.Comparator.comparingLong((long[] e) -> e[0]));
            java.util.TreeSet<Integer> covering = new java.util.TreeSet<>();
            long[] segStart = new long[count];
            long[] segEnd = new long[count];
            int[] segOwner = new int[count];
            int segments = 0;
            for (int k = 0; k < count; ) {
                long at = sorted[k][0];
                for (; k < count && sorted[k][0] == at; k++) {
                    if (sorted[k][1] == 1) {
                        covering.add((int) sorted[k][2]);
                    } else {
                        covering.remove((int) sorted[k][2]);
                    }
                }
                if (covering.isEmpty() || k == count) {
                    continue;
                }
                int owner = covering.first();
                long next = sorted[k][0];
                if (segments > 0 && segOwner[segments - 1] == owner && segEnd[segments - 1] == at) {
                    segEnd[segments - 1] = next;
                } else {
                    segStart[segments] = at;
                    segEnd[segments] = next;
                    segOwner[segments] = owner;
                    segments++;
                }
            }
            return new Segments(java.util.Arrays.copyOf(segStart, segments), java.util.Arrays.copyOf(segEnd, segments),
                    java.util.Arrays.copyOf(segOwner, segments));
        }

        /**
         * The usual layout, sections in ascending order that do not overlap: each non-empty range
         * is a segment of its own, which is what the sweep would give. Null for any other layout.
         * The sweep's sort and sets made building the mapper 5% of the CPU of parsing the wine folder (issue 16).
         */
        private static Segments ofAscendingDisjoint(long[] starts, long[] ends) {
            int n = starts.length;
            long previousEnd = Long.MIN_VALUE;
            int segments = 0;
            for (int i = 0; i < n; i++) {
                if (ends[i] > starts[i]) {
                    if (starts[i] < previousEnd) {
                        return null;
                    }
                    previousEnd = ends[i];
                    segments++;
                }
            }
            long[] segStart = new long[segments];
            long[] segEnd = new long[segments];
            int[] segOwner = new int[segments];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (ends[i] > starts[i]) {
                    segStart[k] = starts[i];
                    segEnd[k] = ends[i];
                    segOwner[k] = i;
                    k++;
                }
            }
            return new Segments(segStart, segEnd, segOwner);
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

    /**
     * How many bytes from {@code rva} on lie at consecutive file offsets, each where
     * {@link #mapRvaToOffset} puts it: 0 when {@code rva} is not in the file. A reader may read a
     * table that lies in this run from one window instead of mapping every entry's RVA.
     */
    long linearRunAt(long rva) {
        long offset = mapRvaToOffset(rva);
        if (offset == NOT_IN_FILE) {
            return 0;
        }
        int segment = segmentAt(rva);
        if (segment >= 0 && rva < segmentEnd[segment]) {
            int index = segmentOwner[segment];
            long delta = rva - mappedStart[index];
            return Math.min(segmentEnd[segment] - rva, Math.min(sections.get(index).sizeOfRawData() - delta, fileSize - offset));
        }
        // In the headers, where an RVA is its own offset: up to the next section, the end of the file or of the headers.
        long end = segment + 1 < segmentStart.length ? Math.min(segmentStart[segment + 1], fileSize) : fileSize;
        if (!(sectionAlignment < PAGE || sections.isEmpty())) {
            end = Math.min(end, Math.max(sizeOfHeaders, firstSectionStart));
        }
        return end - rva;
    }

    /** The first section, in table order, whose mapped range holds {@code rva}; -1 when none does. */
    private int sectionIndexAt(long rva) {
        int high = segmentAt(rva);
        return high >= 0 && rva < segmentEnd[high] ? segmentOwner[high] : -1;
    }

    /** The last segment that starts at or before {@code rva}; -1 when none does. */
    private int segmentAt(long rva) {
        int low = 0;
        int high = segmentStart.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (segmentStart[middle] <= rva) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }

    private boolean inHeaders(long rva) {
        if (rva < 0 || rva >= fileSize) {
            return false;
        }
        // Low-alignment images are mapped as one flat copy of the file.
        return sectionAlignment < PAGE || sections.isEmpty() || rva < Math.max(sizeOfHeaders, firstSectionStart);
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
