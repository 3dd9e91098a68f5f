package pescope.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.Exports;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeLayout.Section;

/**
 * jqwik generators of {@link PeLayout}s that {@link PeWriter} turns into valid images, leaning
 * on the edges a parser gets wrong: no sections or up to 96, SectionAlignment below a page with
 * FileAlignment equal (down to 1), e_lfanew 4 with the NT headers over the DOS header, a
 * SizeOfOptionalHeader of 0, fewer than 16 data directories, virtual-only sections, the import
 * directory in the headers, names from 1 to 200 characters, PE32 and PE32+. Every image stays
 * under 1 MB.
 *
 * <p>Use as {@code @ForAll("layouts")} with a provider method returning {@code layouts()}, or
 * directly.
 */
public final class PeLayouts {
    /** Windows XP's loader limit, and the largest section count generated, added sections included. */
    public static final int MAX_SECTIONS = 96;
    private static final long RAW_DATA_BUDGET = 512 * 1024;
    private static final long MAX_RAW_PER_SECTION = 0x4000;

    private static final String IDENTIFIER_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    private static final String IDENTIFIER_PART = IDENTIFIER_START + "0123456789";
    /** Characters pefile accepts in imported names (its is_valid_function_name). */
    private static final String MANGLED_PART = IDENTIFIER_PART + "?@$";
    private static final String DLL_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    /** Printable ASCII except '/', which COFF reserves for string-table references. */
    private static final String SECTION_NAME_CHARS;

    static {
        var chars = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) if (c != '/') chars.append(c);
        SECTION_NAME_CHARS = chars.toString();
    }

    private PeLayouts() {}

    /** Every shape below, ordinary images most often. */
    public static Arbitrary<PeLayout> layouts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, ordinaryLayouts()),
                Tuple.of(2, lowAlignmentLayouts()),
                Tuple.of(1, dosOverlappingLayouts()),
                Tuple.of(1, headerOnlyLayouts()),
                Tuple.of(1, sectionTableInOptionalHeaderLayouts()));
    }

    /** SectionAlignment of a page or more, FileAlignment 0x200 to 0x10000. */
    public static Arbitrary<PeLayout> ordinaryLayouts() {
        return headers()
                .flatMap(layout -> ordinaryAlignments().map(a -> layout.withAlignment(a.get1(), a.get2())))
                .flatMap(layout -> lfanews().map(layout::withELfanew))
                .flatMap(PeLayouts::withDirectories)
                .flatMap(PeLayouts::withSections)
                .flatMap(PeLayouts::withSpareOptionalHeaderRoom)
                .flatMap(PeLayouts::withExplicitSizeOfImageSometimes);
    }

    /** SectionAlignment below a page and equal to FileAlignment, from 1 to 0x800: the file maps one to one. */
    public static Arbitrary<PeLayout> lowAlignmentLayouts() {
        return headers()
                .flatMap(layout -> lowAlignments().map(a -> layout.withAlignment(a, a)))
                .flatMap(layout -> lfanews().map(layout::withELfanew))
                .flatMap(PeLayouts::withDirectories)
                .flatMap(PeLayouts::withSections)
                .flatMap(PeLayouts::withExplicitSizeOfImageSometimes);
    }

    /**
     * e_lfanew 4: the NT headers start inside the DOS header, whose e_lfanew field (at 0x3C)
     * then is the optional header's SectionAlignment, so both alignments must be 4.
     */
    public static Arbitrary<PeLayout> dosOverlappingLayouts() {
        return headers()
                .map(layout -> layout.withAlignment(4, 4).withELfanew(4))
                .flatMap(PeLayouts::withDirectories)
                .flatMap(PeLayouts::withSections);
    }

    /**
     * No sections at all, SizeOfOptionalHeader often 0 or short (the empty section table then
     * sits inside the optional header), imports, when any, in the headers.
     */
    public static Arbitrary<PeLayout> headerOnlyLayouts() {
        return headers()
                .flatMap(layout -> ordinaryAlignments().map(a -> layout.withAlignment(a.get1(), a.get2())))
                .flatMap(layout -> lfanews().map(layout::withELfanew))
                .flatMap(layout -> Arbitraries.frequencyOf(
                                Tuple.of(2, Arbitraries.just(List.<ImportedDll>of())),
                                Tuple.of(1, imports()))
                        .map(imports -> layout.withImports(imports).withImportsInHeaders(true)))
                .map(PeLayouts::withRelocationFlags)
                .flatMap(PeLayouts::withDirectoryCount)
                .flatMap(layout -> Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(0)),
                                Tuple.of(1, Arbitraries.integers().between(0, layout.naturalSizeOfOptionalHeader())),
                                Tuple.of(1, Arbitraries.just(layout.naturalSizeOfOptionalHeader())))
                        .map(size -> layout.withSizeOfOptionalHeader(OptionalInt.of(size))));
    }

    /**
     * SizeOfOptionalHeader 0 with one section, whose header then is the optional header's first
     * 40 bytes. It agrees with the fields a loader reads there: the name starts with the Magic,
     * the characteristics equal FileAlignment; the rest lies on linker bookkeeping (SizeOfCode,
     * AddressOfEntryPoint...), which takes the section's values. No directory needs a section.
     */
    public static Arbitrary<PeLayout> sectionTableInOptionalHeaderLayouts() {
        return headers()
                .flatMap(layout -> Arbitraries.frequencyOf(
                                Tuple.of(2, ordinaryAlignments()),
                                Tuple.of(1, lowAlignments().map(a -> Tuple.of(a, a))))
                        .map(a -> layout.withAlignment(a.get1(), a.get2())))
                .flatMap(layout -> lfanews().map(layout::withELfanew))
                .flatMap(layout -> Arbitraries.frequencyOf(
                                Tuple.of(2, Arbitraries.just(List.<ImportedDll>of())),
                                Tuple.of(1, imports()))
                        .map(imports -> layout.withImports(imports).withImportsInHeaders(true)))
                .map(PeLayouts::withRelocationFlags)
                .flatMap(PeLayouts::withDirectoryCount)
                .flatMap(layout -> Combinators.combine(
                                Arbitraries.strings().withChars(SECTION_NAME_CHARS).ofMaxLength(6),
                                sections(layout, 1))
                        .as((suffix, section) -> layout.withSizeOfOptionalHeader(OptionalInt.of(0)).withSections(new Section(
                                magicAsName(layout) + suffix, section.virtualSize(), section.rawSize(), layout.fileAlignment()))));
    }

    private static String magicAsName(PeLayout layout) {
        return "\u000B" + (layout.pe32Plus() ? "\u0002" : "\u0001");
    }

    /**
     * The header fields that do not depend on the image's shape. PE32+ goes with the 64-bit
     * machines and PE32 with the rest: the loader refuses a mismatch, and llvm-readobj sizes
     * thunks by Machine where pefile goes by Magic.
     */
    public static Arbitrary<PeLayout> headers() {
        return machines().flatMap(machine -> {
            boolean pe32Plus = machine == PeLayout.MACHINE_AMD64 || machine == PeLayout.MACHINE_ARM64;
            PeLayout start = PeLayout.exe32().withMachine(machine).withPe32Plus(pe32Plus);
            return Builders.withBuilder(() -> start)
                    .use(u4s()).in(PeLayout::withTimeDateStamp)
                    .use(fileCharacteristics(pe32Plus)).in(PeLayout::withCharacteristics)
                    .use(imageBases(pe32Plus)).in(PeLayout::withImageBase)
                    .use(subsystems()).in((layout, s) -> layout.withSubsystem(s.get1(), s.get2(), s.get3()))
                    .use(dllCharacteristics()).in(PeLayout::withDllCharacteristics)
                    .use(stackAndHeap(pe32Plus)).in((layout, s) -> layout.withStackAndHeap(s.get1(), s.get2(), s.get3(), s.get4()))
                    .build();
        });
    }

    public static Arbitrary<Integer> machines() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(PeLayout.MACHINE_AMD64, PeLayout.MACHINE_ARM64)),
                Tuple.of(5, Arbitraries.of(PeLayout.MACHINE_I386, PeLayout.MACHINE_ARM, PeLayout.MACHINE_THUMB,
                        PeLayout.MACHINE_ARMNT, PeLayout.MACHINE_R4000, PeLayout.MACHINE_SH3, PeLayout.MACHINE_SH4)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
    }

    public static Arbitrary<String> sectionNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(".text", ".rdata", ".data", ".bss", ".pdata", ".rsrc", ".tls",
                        "UPX0", "UPX1", ".textbss", "CODE", "DATA", "PAGE", "INIT")),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars(SECTION_NAME_CHARS).ofLength(8)),
                Tuple.of(2, Arbitraries.strings().withChars(SECTION_NAME_CHARS).ofMinLength(1).ofMaxLength(8)));
    }

    /** Names as compilers produce them: C identifiers, long ones, MSVC-mangled C++. */
    public static Arbitrary<String> symbolNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, identifiers(1, 24)),
                Tuple.of(1, identifiers(25, 200)),
                Tuple.of(1, Combinators.combine(identifiers(1, 16), Arbitraries.strings().withChars(MANGLED_PART).ofMinLength(1).ofMaxLength(20))
                        .as((name, signature) -> "?" + name + "@@" + signature)));
    }

    public static Arbitrary<String> dllNames() {
        return Combinators.combine(
                Arbitraries.strings().withChars(DLL_NAME_CHARS).ofMinLength(1).ofMaxLength(24),
                Arbitraries.of(".dll", ".DLL", ".dll", ".drv", ".sys", ".exe", ""),
                Arbitraries.of(false, false, true))
                .as((stem, extension, upper) -> (upper ? stem.toUpperCase() : stem) + extension);
    }

    /** Imported symbols; ordinals start at 1 since pefile drops an import by ordinal 0. */
    public static Arbitrary<ImportedSymbol> importedSymbols() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), symbolNames())
                        .as(ImportedSymbol::byName)),
                Tuple.of(1, Arbitraries.integers().between(1, 0xFFFF).map(ImportedSymbol::byOrdinal)));
    }

    /**
     * DLLs with at least one symbol each: pefile skips a descriptor whose lookup table is empty,
     * so an empty one could not be checked against it.
     */
    public static Arbitrary<ImportedDll> importedDlls() {
        Arbitrary<List<ImportedSymbol>> symbols = Arbitraries.frequencyOf(
                Tuple.of(8, importedSymbols().list().ofMinSize(1).ofMaxSize(12)),
                Tuple.of(1, importedSymbols().list().ofMinSize(13).ofMaxSize(150)));
        return Combinators.combine(dllNames(), symbols).as(ImportedDll::new);
    }

    public static Arbitrary<List<ImportedDll>> imports() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, importedDlls().list().ofMinSize(1).ofMaxSize(5)),
                Tuple.of(1, importedDlls().list().ofMinSize(6).ofMaxSize(12)));
    }

    public static Arbitrary<List<ImportedDll>> delayImports() {
        return importedDlls().list().ofMinSize(1).ofMaxSize(3);
    }

    /** Exports with ordinal bases 0, 1 and others, NONAME entries, forwarders and gaps. */
    public static Arbitrary<Exports> exports() {
        Arbitrary<Long> bases = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(1L)),
                Tuple.of(2, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(2, 2000)));
        Arbitrary<Integer> counts = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(8, Arbitraries.integers().between(1, 12)),
                Tuple.of(1, Arbitraries.integers().between(13, 300)));
        return Combinators.combine(dllNames(), bases, counts.flatMap(PeLayouts::exportSlots))
                .as(Exports::new);
    }

    private static Arbitrary<List<ExportSlot>> exportSlots(int count) {
        enum Kind { NAMED, NONAME, NAMED_FORWARDER, NONAME_FORWARDER, GAP }
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(12, Kind.NAMED), Tuple.of(2, Kind.NONAME), Tuple.of(2, Kind.NAMED_FORWARDER),
                Tuple.of(1, Kind.NONAME_FORWARDER), Tuple.of(2, Kind.GAP));
        return Combinators.combine(
                kinds.list().ofSize(count),
                symbolNames().list().uniqueElements().ofSize(count),
                forwarderTargets().list().ofSize(count))
                .as((kindList, names, targets) -> {
                    var slots = new ArrayList<ExportSlot>();
                    for (int i = 0; i < count; i++) {
                        slots.add(switch (kindList.get(i)) {
                            case NAMED -> ExportSlot.function(names.get(i));
                            case NONAME -> ExportSlot.noname();
                            case NAMED_FORWARDER -> ExportSlot.forwarder(Optional.of(names.get(i)), targets.get(i));
                            case NONAME_FORWARDER -> ExportSlot.forwarder(Optional.empty(), targets.get(i));
                            case GAP -> ExportSlot.gap();
                        });
                    }
                    return slots;
                });
    }

    /** "DLL.Func" or "DLL.#ordinal", the DLL named without extension as link.exe writes it. */
    public static Arbitrary<String> forwarderTargets() {
        Arbitrary<String> dll = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("NTDLL", "KERNELBASE", "api-ms-win-core-synch-l1-2-0", "msvcrt")),
                Tuple.of(1, Arbitraries.strings().withChars(DLL_NAME_CHARS).ofMinLength(1).ofMaxLength(20)));
        Arbitrary<String> symbol = Arbitraries.frequencyOf(
                Tuple.of(3, symbolNames()),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF).map(ordinal -> "#" + ordinal)));
        return Combinators.combine(dll, symbol).as((d, s) -> d + "." + s);
    }

    private static Arbitrary<PeLayout> withDirectories(PeLayout layout) {
        return Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.<ImportedDll>of())), Tuple.of(3, imports())),
                        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<ImportedDll>of())), Tuple.of(1, delayImports())),
                        exports().optional(0.4),
                        Arbitraries.of(false, true),
                        Arbitraries.frequency(Tuple.of(7, false), Tuple.of(1, true)))
                .as((imports, delay, exports, relocs, inHeaders) -> layout.withImports(imports)
                        .withDelayImports(delay).withExports(exports).withBaseRelocations(relocs)
                        .withImportsInHeaders(inHeaders && !imports.isEmpty()))
                .map(PeLayouts::withRelocationFlags)
                .flatMap(PeLayouts::withDirectoryCount);
    }

    /** RELOCS_STRIPPED exactly when there is no relocation directory; DYNAMIC_BASE only when there is. */
    private static PeLayout withRelocationFlags(PeLayout layout) {
        if (layout.baseRelocations()) {
            return layout.withCharacteristics(layout.characteristics() & ~PeLayout.FILE_RELOCS_STRIPPED);
        }
        return layout.withCharacteristics(layout.characteristics() | PeLayout.FILE_RELOCS_STRIPPED)
                .withDllCharacteristics(layout.dllCharacteristics() & ~PeLayout.DLL_DYNAMIC_BASE);
    }

    /** NumberOfRvaAndSizes: usually 16, else anything that still holds every directory present. */
    private static Arbitrary<PeLayout> withDirectoryCount(PeLayout layout) {
        int needed = 0;
        if (layout.exports().isPresent()) needed = PeLayout.DIR_EXPORT + 1;
        if (!layout.imports().isEmpty()) needed = PeLayout.DIR_IMPORT + 1;
        if (layout.baseRelocations()) needed = PeLayout.DIR_BASERELOC + 1;
        if (!layout.delayImports().isEmpty()) needed = PeLayout.DIR_DELAY_IMPORT + 1;
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(PeLayout.MAX_DIRECTORIES)),
                        Tuple.of(2, Arbitraries.integers().between(needed, PeLayout.MAX_DIRECTORIES)))
                .map(layout::withNumberOfRvaAndSizes);
    }

    private static Arbitrary<PeLayout> withSections(PeLayout layout) {
        int room = MAX_SECTIONS - layout.addedSectionNames().size();
        Arbitrary<Integer> counts = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(8, Arbitraries.integers().between(1, Math.min(6, room))),
                Tuple.of(2, Arbitraries.integers().between(7, room)),
                Tuple.of(1, Arbitraries.just(room)));
        return counts.flatMap(count -> sections(layout, count).list().ofSize(count)).map(layout::withSections);
    }

    /**
     * One section within a share of the raw-data budget. Raw sizes are multiples of
     * FileAlignment; VirtualSize may be smaller within the last block, larger, or 0 (the loader
     * then uses SizeOfRawData), which keeps the one-to-one mapping of low-alignment images intact.
     * A low-alignment file holds its virtual-only space too, so there VirtualSize shares the budget.
     */
    private static Arbitrary<Section> sections(PeLayout layout, int count) {
        long fileAlignment = layout.fileAlignment();
        long share = Math.min(MAX_RAW_PER_SECTION, RAW_DATA_BUDGET / Math.max(1, count)) / (layout.lowAlignment() ? 2 : 1);
        long virtualExtra = layout.lowAlignment() ? share : 0x20000;
        Arbitrary<Long> rawSizes = share < fileAlignment
                ? Arbitraries.just(0L)
                : Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(0L)),
                        Tuple.of(4, Arbitraries.longs().between(1, share / fileAlignment).map(blocks -> blocks * fileAlignment)));
        return Combinators.combine(sectionNames(), rawSizes, sectionCharacteristics())
                .flatAs((name, raw, characteristics) -> virtualSizes(raw, fileAlignment, virtualExtra)
                        .map(virtual -> new Section(name, virtual, raw, characteristics)));
    }

    private static Arbitrary<Long> virtualSizes(long raw, long fileAlignment, long extra) {
        if (raw == 0) return Arbitraries.longs().between(1, extra);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(raw)),
                Tuple.of(3, Arbitraries.longs().between(raw - fileAlignment + 1, raw)),
                Tuple.of(2, Arbitraries.longs().between(raw + 1, raw + Math.min(extra, 0x3000))),
                Tuple.of(1, Arbitraries.just(0L)));
    }

    public static Arbitrary<Long> sectionCharacteristics() {
        long code = Section.CNT_CODE | Section.MEM_EXECUTE | Section.MEM_READ;
        long data = Section.CNT_INITIALIZED_DATA | Section.MEM_READ | Section.MEM_WRITE;
        long rdata = Section.CNT_INITIALIZED_DATA | Section.MEM_READ;
        long bss = Section.CNT_UNINITIALIZED_DATA | Section.MEM_READ | Section.MEM_WRITE;
        long packed = Section.CNT_CODE | Section.MEM_EXECUTE | Section.MEM_READ | Section.MEM_WRITE;
        long discardable = Section.CNT_INITIALIZED_DATA | Section.MEM_DISCARDABLE | Section.MEM_READ;
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(code, data, rdata, bss, discardable)),
                Tuple.of(1, Arbitraries.of(packed, 0L)),
                Tuple.of(1, u4s()));
    }

    /** Some linkers leave room for 16 directories whatever NumberOfRvaAndSizes says. */
    private static Arbitrary<PeLayout> withSpareOptionalHeaderRoom(PeLayout layout) {
        return Arbitraries.frequencyOf(
                        Tuple.of(9, Arbitraries.just(OptionalInt.empty())),
                        Tuple.of(1, Arbitraries.integers().between(1, 32)
                                .map(extra -> OptionalInt.of(layout.naturalSizeOfOptionalHeader() + 8 * extra))))
                .map(layout::withSizeOfOptionalHeader);
    }

    private static Arbitrary<PeLayout> withExplicitSizeOfImageSometimes(PeLayout layout) {
        long computed = PeWriter.computedSizeOfImage(layout);
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(OptionalLong.empty())),
                        Tuple.of(1, Arbitraries.longs().between(0, 4)
                                .map(pages -> OptionalLong.of(computed + pages * Math.max(1, layout.sectionAlignment())))))
                .map(layout::withSizeOfImage);
    }

    private static Arbitrary<Tuple.Tuple2<Long, Long>> ordinaryAlignments() {
        Arbitrary<Long> fileAlignments = Arbitraries.frequency(
                Tuple.of(8, 0x200L), Tuple.of(2, 0x400L), Tuple.of(2, 0x1000L), Tuple.of(1, 0x10000L));
        return fileAlignments.flatMap(file -> Arbitraries.of(0x1000L, 0x1000L, 0x2000L, 0x10000L)
                .filter(section -> section >= file)
                .map(section -> Tuple.of(section, file)));
    }

    private static Arbitrary<Long> lowAlignments() {
        return Arbitraries.of(1L, 2L, 4L, 8L, 0x10L, 0x20L, 0x40L, 0x80L, 0x100L, 0x200L, 0x400L, 0x800L);
    }

    /** 0x40 (no DOS stub), 0x80 (stub only), 0xE0-0x118 (stub and a Rich header's room), beyond. */
    private static Arbitrary<Integer> lfanews() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0x80)),
                Tuple.of(1, Arbitraries.just(0x40)),
                Tuple.of(2, Arbitraries.of(0xE0, 0xE8, 0xF0, 0xF8, 0x100, 0x108, 0x110, 0x118)),
                Tuple.of(1, Arbitraries.integers().between(8, 0x80).map(eights -> 8 * eights)));
    }

    private static Arbitrary<Integer> fileCharacteristics(boolean pe32Plus) {
        Arbitrary<Integer> rareBits = Arbitraries.of(0x0004, 0x0008, 0x0200, 0x0400, 0x0800, 0x1000, 0x4000, 0x8000);
        return Combinators.combine(
                        Arbitraries.of(0, PeLayout.FILE_DLL),
                        Arbitraries.of(0, PeLayout.FILE_LARGE_ADDRESS_AWARE),
                        Arbitraries.of(0, pe32Plus ? 0 : PeLayout.FILE_32BIT_MACHINE),
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(1, rareBits)))
                .as((dll, large, machine32, rare) -> PeLayout.FILE_EXECUTABLE_IMAGE | dll | large | machine32 | rare);
    }

    /** Multiples of 64 KB, the allocation granularity the loader requires. */
    private static Arbitrary<Long> imageBases(boolean pe32Plus) {
        if (pe32Plus) {
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.of(0x140000000L, 0x180000000L, 0x400000L)),
                    Tuple.of(1, Arbitraries.longs().between(1, 0x7FFFFFFFL).map(blocks -> blocks << 16)));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0x400000L, 0x10000000L, 0x1000000L)),
                Tuple.of(1, Arbitraries.longs().between(1, 0xFFFEL).map(blocks -> blocks << 16)));
    }

    private static Arbitrary<Tuple.Tuple3<Integer, Integer, Integer>> subsystems() {
        Arbitrary<Integer> ids = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(PeLayout.SUBSYSTEM_WINDOWS_GUI, PeLayout.SUBSYSTEM_WINDOWS_CUI)),
                Tuple.of(2, Arbitraries.of(PeLayout.SUBSYSTEM_NATIVE, 9, 10, 11, 12, 14, 16)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Tuple.Tuple2<Integer, Integer>> versions = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(Tuple.of(4, 0), Tuple.of(5, 1), Tuple.of(5, 2), Tuple.of(6, 0), Tuple.of(6, 2), Tuple.of(10, 0))),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF)).as(Tuple::of)));
        return Combinators.combine(ids, versions).as((id, version) -> Tuple.of(id, version.get1(), version.get2()));
    }

    private static Arbitrary<Integer> dllCharacteristics() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(
                        PeLayout.DLL_NX_COMPAT | PeLayout.DLL_TERMINAL_SERVER_AWARE,
                        PeLayout.DLL_DYNAMIC_BASE | PeLayout.DLL_NX_COMPAT,
                        PeLayout.DLL_HIGH_ENTROPY_VA | PeLayout.DLL_DYNAMIC_BASE | PeLayout.DLL_NX_COMPAT | PeLayout.DLL_TERMINAL_SERVER_AWARE,
                        PeLayout.DLL_NO_SEH | PeLayout.DLL_NX_COMPAT, 0)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
    }

    private static Arbitrary<Tuple.Tuple4<Long, Long, Long, Long>> stackAndHeap(boolean pe32Plus) {
        Arbitrary<Long> sizes = pe32Plus
                ? Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0x100000L, 0x1000L, 0x40000L)), Tuple.of(1, Arbitraries.longs()))
                : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0x100000L, 0x1000L, 0x40000L)), Tuple.of(1, u4s()));
        return Combinators.combine(sizes, sizes, sizes, sizes).as(Tuple::of);
    }

    private static Arbitrary<Long> u4s() {
        return Arbitraries.longs().between(0, 0xFFFFFFFFL);
    }

    private static Arbitrary<String> identifiers(int minLength, int maxLength) {
        return Combinators.combine(
                        Arbitraries.strings().withChars(IDENTIFIER_START).ofLength(1),
                        Arbitraries.strings().withChars(IDENTIFIER_PART).ofMinLength(minLength - 1).ofMaxLength(maxLength - 1))
                .as(String::concat);
    }
}
