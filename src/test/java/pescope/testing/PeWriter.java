package pescope.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import pescope.testing.PeLayout.Section;

/**
 * Writes a {@link PeLayout} as a valid PE image: DOS header and stub, PE signature, COFF header,
 * optional header with data directories, section table, then section data. Directories are
 * placed in sections the writer appends ({@code .idata .didat .edata .reloc}), or the import
 * directory in the headers when the layout asks.
 *
 * <p>Placement follows what the Windows loader checks: sections are contiguous in memory, each
 * starting at the previous end rounded up to SectionAlignment; raw data is FileAlignment-aligned;
 * below a page of SectionAlignment the file maps one to one, so PointerToRawData equals the
 * VirtualAddress.
 */
public final class PeWriter {
    private static final int DOS_HEADER_SIZE = 0x40;
    private static final int E_LFANEW_OFFSET = 0x3C;
    private static final int COFF_HEADER_SIZE = 20;
    private static final int SECTION_HEADER_SIZE = 40;
    private static final int CHECKSUM_OFFSET_IN_OPTIONAL_HEADER = 64;
    private static final int PE32_MAGIC = 0x10B;
    private static final int PE32_PLUS_MAGIC = 0x20B;
    private static final long IDATA = Section.CNT_INITIALIZED_DATA | Section.MEM_READ | Section.MEM_WRITE;
    private static final long EDATA = Section.CNT_INITIALIZED_DATA | Section.MEM_READ;
    private static final long RELOC = Section.CNT_INITIALIZED_DATA | Section.MEM_DISCARDABLE | Section.MEM_READ;
    /** The 16-bit program link.exe puts after the DOS header: prints the message and exits. */
    private static final byte[] DOS_STUB = concat(
            new byte[] {0x0E, 0x1F, (byte) 0xBA, 0x0E, 0x00, (byte) 0xB4, 0x09, (byte) 0xCD, 0x21,
                    (byte) 0xB8, 0x01, 0x4C, (byte) 0xCD, 0x21},
            "This program cannot be run in DOS mode.\r\r\n$".getBytes(StandardCharsets.US_ASCII));

    private record Placed(Section section, long virtualAddress, long pointerToRawData) {
        long virtualEnd() {
            return virtualAddress + section.span();
        }
    }

    private final PeLayout layout;
    private final ByteSink out = new ByteSink();
    private final List<Placed> placed = new ArrayList<>();
    private final DataDirectory[] directories = new DataDirectory[PeLayout.MAX_DIRECTORIES];
    private final List<Runnable> directoryWrites = new ArrayList<>();
    private long headersEnd;
    private long sizeOfHeaders;
    private long nextVirtualAddress;
    private long nextPointer;
    private long entryPoint;
    private long stubEntryPoint;

    private PeWriter(PeLayout layout) {
        this.layout = layout;
        Arrays.fill(directories, DataDirectory.NONE);
    }

    /** The image's bytes; throws IllegalArgumentException if the layout contradicts itself. */
    public static byte[] write(PeLayout layout) {
        PeWriter writer = new PeWriter(layout);
        writer.plan();
        return writer.image();
    }

    /** SizeOfImage as the writer computes it when the layout gives none. */
    public static long computedSizeOfImage(PeLayout layout) {
        PeWriter writer = new PeWriter(layout);
        writer.plan();
        return writer.computedSizeOfImage();
    }

    private void plan() {
        checkDirectoriesFitInOptionalHeader();
        headersEnd = Math.max(DOS_HEADER_SIZE, Math.max(sectionTableOffset() + sectionTableSize(),
                optionalHeaderOffset() + layout.naturalSizeOfOptionalHeader()));
        if (layout.importsInHeaders() && !layout.imports().isEmpty()) planImportsInHeaders();
        sizeOfHeaders = alignUp(headersEnd, layout.fileAlignment());
        nextVirtualAddress = alignUp(sizeOfHeaders, layout.sectionAlignment());
        nextPointer = sizeOfHeaders;
        layout.sections().forEach(this::place);
        planAddedSections();
        entryPoint = chooseEntryPoint();
    }

    private void checkDirectoriesFitInOptionalHeader() {
        requireDirectory(!layout.exports().isEmpty(), PeLayout.DIR_EXPORT, "exports");
        requireDirectory(!layout.imports().isEmpty(), PeLayout.DIR_IMPORT, "imports");
        requireDirectory(layout.baseRelocations(), PeLayout.DIR_BASERELOC, "base relocations");
        requireDirectory(!layout.delayImports().isEmpty(), PeLayout.DIR_DELAY_IMPORT, "delay imports");
    }

    private void requireDirectory(boolean present, int index, String what) {
        if (present && layout.numberOfRvaAndSizes() <= index) {
            throw new IllegalArgumentException(what + " need NumberOfRvaAndSizes > " + index
                    + ", layout has " + layout.numberOfRvaAndSizes());
        }
    }

    /** Headers map at RVA 0 with file offset equal to RVA, so the directory's RVA is its offset. */
    private void planImportsInHeaders() {
        var imports = new ImportDirectoryWriter(layout.imports(), layout.pe32Plus());
        long offset = alignUp(headersEnd, 8);
        headersEnd = offset + imports.size();
        setDirectory(PeLayout.DIR_IMPORT, imports.importDirectory(offset));
        setDirectory(PeLayout.DIR_IAT, imports.addressTableDirectory(offset));
        directoryWrites.add(() -> imports.write(out, offset, offset));
    }

    private void planAddedSections() {
        if (!layout.imports().isEmpty() && !layout.importsInHeaders()) planImportSection();
        List<Long> relocationTargets = new ArrayList<>();
        if (!layout.delayImports().isEmpty()) relocationTargets.addAll(planDelayImportSection());
        layout.exports().ifPresent(this::planExportSection);
        if (layout.baseRelocations()) planRelocationSection(relocationTargets);
    }

    private void planImportSection() {
        var imports = new ImportDirectoryWriter(layout.imports(), layout.pe32Plus());
        Placed section = placeAdded(".idata", imports.size(), IDATA);
        setDirectory(PeLayout.DIR_IMPORT, imports.importDirectory(section.virtualAddress()));
        setDirectory(PeLayout.DIR_IAT, imports.addressTableDirectory(section.virtualAddress()));
        directoryWrites.add(() -> imports.write(out, section.pointerToRawData(), section.virtualAddress()));
    }

    private List<Long> planDelayImportSection() {
        var delay = new DelayImportDirectoryWriter(layout.delayImports(), layout.pe32Plus());
        Placed section = placeAdded(".didat", delay.size(), IDATA);
        setDirectory(PeLayout.DIR_DELAY_IMPORT, delay.directory(section.virtualAddress()));
        directoryWrites.add(() -> delay.write(out, section.pointerToRawData(), section.virtualAddress(), layout.imageBase()));
        if (stubEntryPoint == 0) stubEntryPoint = delay.firstStub(section.virtualAddress());
        return delay.relocationTargets(section.virtualAddress());
    }

    private void planExportSection(PeLayout.Exports exports) {
        var writer = new ExportDirectoryWriter(exports, layout.timeDateStamp());
        Placed section = placeAdded(".edata", writer.size(), EDATA);
        setDirectory(PeLayout.DIR_EXPORT, writer.directory(section.virtualAddress()));
        directoryWrites.add(() -> writer.write(out, section.pointerToRawData(), section.virtualAddress()));
        long firstFunction = writer.firstFunction(section.virtualAddress());
        if (firstFunction != 0) stubEntryPoint = firstFunction;
    }

    private void planRelocationSection(List<Long> targets) {
        var relocations = new RelocationDirectoryWriter(targets, layout.pe32Plus(), nextVirtualAddress);
        Placed section = placeAdded(".reloc", relocations.size(), RELOC);
        setDirectory(PeLayout.DIR_BASERELOC, relocations.directory(section.virtualAddress()));
        directoryWrites.add(() -> relocations.write(out, section.pointerToRawData()));
    }

    private void setDirectory(int index, DataDirectory directory) {
        if (index < layout.numberOfRvaAndSizes()) directories[index] = directory;
    }

    private Placed placeAdded(String name, int contentSize, long characteristics) {
        return place(new Section(name, contentSize, alignUp(contentSize, layout.fileAlignment()), characteristics));
    }

    private Placed place(Section section) {
        long pointer = 0;
        if (!section.virtualOnly()) {
            pointer = layout.lowAlignment() ? nextVirtualAddress : nextPointer;
            nextPointer = pointer + alignUp(section.rawSize(), layout.fileAlignment());
        }
        Placed result = new Placed(section, nextVirtualAddress, pointer);
        placed.add(result);
        nextVirtualAddress = alignUp(result.virtualEnd(), layout.sectionAlignment());
        return result;
    }

    /** The first code section with data, else any section with data, else a stub the writer added, else 0. */
    private long chooseEntryPoint() {
        long executable = Section.CNT_CODE | Section.MEM_EXECUTE;
        for (int i = 0; i < layout.sections().size(); i++) {
            Placed p = placed.get(i);
            if (!p.section().virtualOnly() && (p.section().characteristics() & executable) != 0) return p.virtualAddress();
        }
        for (int i = 0; i < layout.sections().size(); i++) {
            if (!placed.get(i).section().virtualOnly()) return placed.get(i).virtualAddress();
        }
        return stubEntryPoint;
    }

    private long computedSizeOfImage() {
        if (placed.isEmpty()) return alignUp(sizeOfHeaders, layout.sectionAlignment());
        return alignUp(placed.get(placed.size() - 1).virtualEnd(), layout.sectionAlignment());
    }

    private long fileSize() {
        long size = Math.max(sizeOfHeaders, headersEnd);
        for (Placed p : placed) {
            if (p.section().virtualOnly()) continue;
            size = Math.max(size, p.pointerToRawData() + alignUp(p.section().rawSize(), layout.fileAlignment()));
        }
        return size;
    }

    private byte[] image() {
        writeDosHeader();
        writeDosStub();
        writeNtHeaders();
        writeSectionTable();
        fillUserSections();
        directoryWrites.forEach(Runnable::run);
        writeChecksum(out.toByteArray(fileSize()));
        return out.toByteArray(fileSize());
    }

    private void writeDosHeader() {
        out.at(0).u1('M').u1('Z');
        out.weak()
                .u2(0x90)       // e_cblp: bytes in the last page
                .u2(3)          // e_cp: pages
                .u2(0)          // e_crlc
                .u2(4)          // e_cparhdr: header size in paragraphs
                .u2(0)          // e_minalloc
                .u2(0xFFFF)     // e_maxalloc
                .u2(0).u2(0xB8) // e_ss, e_sp
                .u2(0)          // e_csum
                .u2(0).u2(0)    // e_ip, e_cs
                .u2(0x40)       // e_lfarlc
                .u2(0)          // e_ovno
                .zeros(E_LFANEW_OFFSET - 0x1C)
                .firm();
        out.at(E_LFANEW_OFFSET).u4(layout.eLfanew());
    }

    private void writeDosStub() {
        if (layout.eLfanew() < DOS_HEADER_SIZE + DOS_STUB.length) return;
        out.at(DOS_HEADER_SIZE).weak().bytes(DOS_STUB).firm();
    }

    private void writeNtHeaders() {
        out.at(layout.eLfanew()).u1('P').u1('E').u1(0).u1(0);
        writeCoffHeader();
        writeOptionalHeader();
        writeDataDirectories();
    }

    private void writeCoffHeader() {
        out.u2(layout.machine())
                .u2(layout.numberOfSections())
                .u4(layout.timeDateStamp())
                .u4(0) // PointerToSymbolTable: images carry no COFF symbols
                .u4(0) // NumberOfSymbols
                .u2(layout.effectiveSizeOfOptionalHeader())
                .u2(layout.characteristics());
    }

    /** Layout fields and what loaders rely on are firm; linker bookkeeping is weak. */
    private void writeOptionalHeader() {
        boolean plus = layout.pe32Plus();
        out.u2(plus ? PE32_PLUS_MAGIC : PE32_MAGIC);
        out.weak()
                .u1(14).u1(0) // linker version
                .u4(sumOfRawSizes(Section.CNT_CODE))
                .u4(sumOfRawSizes(Section.CNT_INITIALIZED_DATA))
                .u4(sumOfVirtualSizes(Section.CNT_UNINITIALIZED_DATA))
                .u4(entryPoint)
                .u4(firstAddressOf(Section.CNT_CODE));
        if (!plus) out.u4(firstAddressOf(Section.CNT_INITIALIZED_DATA | Section.CNT_UNINITIALIZED_DATA));
        out.firm()
                .pointer(layout.imageBase(), plus)
                .u4(layout.sectionAlignment())
                .u4(layout.fileAlignment());
        out.weak()
                .u2(6).u2(0) // operating system version
                .u2(0).u2(0) // image version
                .firm()
                .u2(layout.majorSubsystemVersion()).u2(layout.minorSubsystemVersion());
        out.weak().u4(0).firm() // Win32VersionValue: reserved
                .u4(layout.sizeOfImage().orElse(computedSizeOfImage()))
                .u4(sizeOfHeaders);
        out.weak().u4(0).firm() // CheckSum, filled in last
                .u2(layout.subsystem())
                .u2(layout.dllCharacteristics())
                .pointer(layout.stackReserve(), plus)
                .pointer(layout.stackCommit(), plus)
                .pointer(layout.heapReserve(), plus)
                .pointer(layout.heapCommit(), plus);
        out.weak().u4(0).firm() // LoaderFlags: reserved
                .u4(layout.numberOfRvaAndSizes());
    }

    private void writeDataDirectories() {
        for (int i = 0; i < layout.numberOfRvaAndSizes(); i++) {
            out.u4(directories[i].rva()).u4(directories[i].size());
        }
    }

    private void writeSectionTable() {
        out.at(sectionTableOffset());
        for (Placed p : placed) {
            Section s = p.section();
            out.bytes(s.nameBytes())
                    .u4(s.virtualSize())
                    .u4(p.virtualAddress())
                    .u4(s.rawSize())
                    .u4(p.pointerToRawData())
                    .weak()      // COFF relocations and line numbers: none in images, so cosmetic
                    .u4(0).u4(0)
                    .u2(0).u2(0)
                    .firm()
                    .u4(s.characteristics());
        }
    }

    /** Deterministic noise rather than zeros: content stands out, and is weak so directories win. */
    private void fillUserSections() {
        for (int i = 0; i < layout.sections().size(); i++) {
            Placed p = placed.get(i);
            if (p.section().virtualOnly()) continue;
            long state = 0x9E3779B97F4A7C15L * (i + 1);
            out.at(p.pointerToRawData()).weak();
            for (long n = 0; n < p.section().rawSize(); n++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                out.u1(state >>> 24);
            }
            out.firm();
        }
    }

    /** The PE checksum (ImageHlp's CheckSumMappedFile): one's-complement sum of u2 words, plus the length. */
    private void writeChecksum(byte[] image) {
        int field = optionalHeaderOffset() + CHECKSUM_OFFSET_IN_OPTIONAL_HEADER;
        long sum = 0;
        for (int i = 0; i < image.length; i += 2) {
            if (i >= field && i < field + 4) continue;
            sum += (image[i] & 0xFF) | (i + 1 < image.length ? (image[i + 1] & 0xFF) << 8 : 0);
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        sum = ((sum & 0xFFFF) + (sum >>> 16)) & 0xFFFF;
        out.at(field).weak().u4(sum + image.length).firm();
    }

    private long sumOfRawSizes(long kind) {
        return placed.stream().filter(p -> (p.section().characteristics() & kind) != 0)
                .mapToLong(p -> alignUp(p.section().rawSize(), layout.fileAlignment())).sum();
    }

    private long sumOfVirtualSizes(long kind) {
        return placed.stream().filter(p -> (p.section().characteristics() & kind) != 0)
                .mapToLong(p -> alignUp(p.section().span(), layout.fileAlignment())).sum();
    }

    private long firstAddressOf(long kind) {
        return placed.stream().filter(p -> (p.section().characteristics() & kind) != 0)
                .mapToLong(Placed::virtualAddress).findFirst().orElse(0);
    }

    private int optionalHeaderOffset() {
        return layout.eLfanew() + 4 + COFF_HEADER_SIZE;
    }

    private long sectionTableOffset() {
        return optionalHeaderOffset() + (long) layout.effectiveSizeOfOptionalHeader();
    }

    private long sectionTableSize() {
        return (long) SECTION_HEADER_SIZE * layout.numberOfSections();
    }

    static long alignUp(long value, long alignment) {
        if (alignment <= 1) return value;
        return (value + alignment - 1) / alignment * alignment;
    }

    private static int alignUp(int value, long alignment) {
        return Math.toIntExact(alignUp((long) value, alignment));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
