package pescope.testing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a test wants a PE image to look like; {@link PeWriter} turns it into bytes.
 *
 * <p>Header fields are written verbatim. What a linker would compute (SizeOfHeaders,
 * SizeOfImage unless given, SizeOfCode, section addresses and file pointers, the data
 * directories) is left to the writer, which also adds one section per directory it has to
 * place: {@code .idata}, {@code .didat}, {@code .edata}, {@code .reloc}, in that order, after
 * the sections listed here.
 */
public record PeLayout(
        int machine,
        boolean pe32Plus,
        long timeDateStamp,
        int characteristics,
        long imageBase,
        long sectionAlignment,
        long fileAlignment,
        int subsystem,
        int majorSubsystemVersion,
        int minorSubsystemVersion,
        int dllCharacteristics,
        long stackReserve,
        long stackCommit,
        long heapReserve,
        long heapCommit,
        int eLfanew,
        OptionalInt sizeOfOptionalHeader,
        int numberOfRvaAndSizes,
        List<Section> sections,
        OptionalLong sizeOfImage,
        List<ImportedDll> imports,
        List<ImportedDll> delayImports,
        Optional<Exports> exports,
        boolean baseRelocations,
        boolean importsInHeaders) {

    public static final int MACHINE_I386 = 0x14C;
    public static final int MACHINE_R4000 = 0x166;
    public static final int MACHINE_SH3 = 0x1A2;
    public static final int MACHINE_SH4 = 0x1A6;
    public static final int MACHINE_ARM = 0x1C0;
    public static final int MACHINE_THUMB = 0x1C2;
    public static final int MACHINE_ARMNT = 0x1C4;
    public static final int MACHINE_AMD64 = 0x8664;
    public static final int MACHINE_ARM64 = 0xAA64;

    public static final int FILE_RELOCS_STRIPPED = 0x0001;
    public static final int FILE_EXECUTABLE_IMAGE = 0x0002;
    public static final int FILE_LARGE_ADDRESS_AWARE = 0x0020;
    public static final int FILE_32BIT_MACHINE = 0x0100;
    public static final int FILE_DLL = 0x2000;

    public static final int DLL_HIGH_ENTROPY_VA = 0x0020;
    public static final int DLL_DYNAMIC_BASE = 0x0040;
    public static final int DLL_NX_COMPAT = 0x0100;
    public static final int DLL_NO_SEH = 0x0400;
    public static final int DLL_TERMINAL_SERVER_AWARE = 0x8000;

    public static final int SUBSYSTEM_NATIVE = 1;
    public static final int SUBSYSTEM_WINDOWS_GUI = 2;
    public static final int SUBSYSTEM_WINDOWS_CUI = 3;

    /** Directory indexes in the optional header's data directory array. */
    public static final int DIR_EXPORT = 0;
    public static final int DIR_IMPORT = 1;
    public static final int DIR_BASERELOC = 5;
    public static final int DIR_IAT = 12;
    public static final int DIR_DELAY_IMPORT = 13;
    public static final int MAX_DIRECTORIES = 16;

    public PeLayout {
        Objects.requireNonNull(sizeOfOptionalHeader);
        Objects.requireNonNull(sizeOfImage);
        Objects.requireNonNull(exports);
        sections = List.copyOf(sections);
        imports = List.copyOf(imports);
        delayImports = List.copyOf(delayImports);
        if (numberOfRvaAndSizes < 0 || numberOfRvaAndSizes > MAX_DIRECTORIES) {
            throw new IllegalArgumentException("NumberOfRvaAndSizes out of 0..16: " + numberOfRvaAndSizes);
        }
        if (eLfanew < 4) {
            throw new IllegalArgumentException("e_lfanew below 4 would overwrite the MZ signature: " + eLfanew);
        }
    }

    /** A 32-bit console program with no sections, as a starting point for withers. */
    public static PeLayout exe32() {
        return new PeLayout(MACHINE_I386, false, 0x5F5E1000L,
                FILE_EXECUTABLE_IMAGE | FILE_32BIT_MACHINE | FILE_RELOCS_STRIPPED,
                0x400000, 0x1000, 0x200, SUBSYSTEM_WINDOWS_CUI, 6, 0,
                DLL_NX_COMPAT | DLL_TERMINAL_SERVER_AWARE,
                0x100000, 0x1000, 0x100000, 0x1000,
                0x80, OptionalInt.empty(), MAX_DIRECTORIES, List.of(), OptionalLong.empty(),
                List.of(), List.of(), Optional.empty(), false, false);
    }

    /** A 64-bit DLL with no sections and a relocation directory. */
    public static PeLayout dll64() {
        return exe32().withMachine(MACHINE_AMD64).withPe32Plus(true)
                .withCharacteristics(FILE_EXECUTABLE_IMAGE | FILE_LARGE_ADDRESS_AWARE | FILE_DLL)
                .withImageBase(0x180000000L)
                .withDllCharacteristics(DLL_HIGH_ENTROPY_VA | DLL_DYNAMIC_BASE | DLL_NX_COMPAT)
                .withBaseRelocations(true);
    }

    /** Size of the optional header with {@link #numberOfRvaAndSizes} directories, as the spec lays it out. */
    public int naturalSizeOfOptionalHeader() {
        return (pe32Plus ? 112 : 96) + 8 * numberOfRvaAndSizes;
    }

    /** SizeOfOptionalHeader as written: the override if any, else the natural size. */
    public int effectiveSizeOfOptionalHeader() {
        return sizeOfOptionalHeader.orElse(naturalSizeOfOptionalHeader());
    }

    /** Windows maps such images file-to-memory one to one: SectionAlignment below a page. */
    public boolean lowAlignment() {
        return sectionAlignment < 0x1000;
    }

    /** Names of the sections the writer adds after {@link #sections}, in order. */
    public List<String> addedSectionNames() {
        var names = new java.util.ArrayList<String>();
        if (!imports.isEmpty() && !importsInHeaders) names.add(".idata");
        if (!delayImports.isEmpty()) names.add(".didat");
        if (exports.isPresent()) names.add(".edata");
        if (baseRelocations) names.add(".reloc");
        return List.copyOf(names);
    }

    public int numberOfSections() {
        return sections.size() + addedSectionNames().size();
    }

    /** One entry of the section table. A section with rawSize 0 has no data in the file. */
    public record Section(String name, long virtualSize, long rawSize, long characteristics) {
        public static final long CNT_CODE = 0x20;
        public static final long CNT_INITIALIZED_DATA = 0x40;
        public static final long CNT_UNINITIALIZED_DATA = 0x80;
        public static final long MEM_DISCARDABLE = 0x02000000L;
        public static final long MEM_EXECUTE = 0x20000000L;
        public static final long MEM_READ = 0x40000000L;
        public static final long MEM_WRITE = 0x80000000L;

        public Section {
            if (name.length() > 8) throw new IllegalArgumentException("section name over 8 bytes: " + name);
        }

        public static Section text(long size) {
            return new Section(".text", size, size, CNT_CODE | MEM_EXECUTE | MEM_READ);
        }

        public static Section data(long virtualSize, long rawSize) {
            return new Section(".data", virtualSize, rawSize, CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE);
        }

        public static Section bss(long virtualSize) {
            return new Section(".bss", virtualSize, 0, CNT_UNINITIALIZED_DATA | MEM_READ | MEM_WRITE);
        }

        public boolean virtualOnly() {
            return rawSize == 0;
        }

        /** How much address space the loader gives it: VirtualSize, or SizeOfRawData when that is 0. */
        public long span() {
            return virtualSize != 0 ? virtualSize : rawSize;
        }

        /** The name as the 8 bytes of the section header; names are Latin-1 so any byte is expressible. */
        public byte[] nameBytes() {
            byte[] bytes = new byte[8];
            for (int i = 0; i < name.length(); i++) bytes[i] = (byte) name.charAt(i);
            return bytes;
        }
    }

    /** A DLL an image imports from, with its symbols in lookup-table order. */
    public record ImportedDll(String name, List<ImportedSymbol> symbols) {
        public ImportedDll {
            symbols = List.copyOf(symbols);
        }

        public static ImportedDll of(String name, ImportedSymbol... symbols) {
            return new ImportedDll(name, List.of(symbols));
        }
    }

    /** How a lookup-table entry names its symbol. */
    public sealed interface ImportedSymbol {
        static ImportedSymbol byName(int hint, String name) {
            return new ByName(hint, name);
        }

        static ImportedSymbol byOrdinal(int ordinal) {
            return new ByOrdinal(ordinal);
        }

        record ByName(int hint, String name) implements ImportedSymbol {
            public ByName {
                if (hint < 0 || hint > 0xFFFF) throw new IllegalArgumentException("hint is a u2: " + hint);
            }
        }

        record ByOrdinal(int ordinal) implements ImportedSymbol {
            public ByOrdinal {
                if (ordinal < 0 || ordinal > 0xFFFF) throw new IllegalArgumentException("ordinal is a u2: " + ordinal);
            }
        }
    }

    /**
     * The export directory. Slot i of the address table has ordinal {@code ordinalBase + i};
     * the writer sorts the name pointer table by name, as the loader's binary search needs.
     */
    public record Exports(String dllName, long ordinalBase, List<ExportSlot> slots) {
        public Exports {
            slots = List.copyOf(slots);
        }

        public long ordinalOf(int slotIndex) {
            return ordinalBase + slotIndex;
        }
    }

    /** One entry of the export address table. */
    public sealed interface ExportSlot {
        Optional<String> name();

        static ExportSlot function(String name) {
            return new Code(Optional.of(name));
        }

        static ExportSlot noname() {
            return new Code(Optional.empty());
        }

        /** {@code target} is "DLL.Func" or "DLL.#ordinal". */
        static ExportSlot forwarder(Optional<String> name, String target) {
            return new Forwarder(name, target);
        }

        static ExportSlot gap() {
            return new Gap();
        }

        /** Code the image exports; the writer gives it an address outside the export directory. */
        record Code(Optional<String> name) implements ExportSlot {}

        /** An export the loader resolves in another DLL. */
        record Forwarder(Optional<String> name, String target) implements ExportSlot {}

        /** An address-table entry of 0: the ordinal is not exported. */
        record Gap() implements ExportSlot {
            @Override
            public Optional<String> name() {
                return Optional.empty();
            }
        }
    }

    public PeLayout withMachine(int v) {
        return new PeLayout(v, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withPe32Plus(boolean v) {
        return new PeLayout(machine, v, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withTimeDateStamp(long v) {
        return new PeLayout(machine, pe32Plus, v, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withCharacteristics(int v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, v, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withImageBase(long v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, v, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    /** SectionAlignment and FileAlignment together, since each constrains the other. */
    public PeLayout withAlignment(long section, long file) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, section, file, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withSubsystem(int id, int major, int minor) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, id, major, minor, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withDllCharacteristics(int v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, v, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withStackAndHeap(long stackReserve, long stackCommit, long heapReserve, long heapCommit) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withELfanew(int v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, v, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withSizeOfOptionalHeader(OptionalInt v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, v, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withNumberOfRvaAndSizes(int v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, v, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withSections(List<Section> v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, v, sizeOfImage, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withSections(Section... v) {
        return withSections(List.of(v));
    }

    public PeLayout withSizeOfImage(OptionalLong v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, v, imports, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withImports(List<ImportedDll> v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, v, delayImports, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withImports(ImportedDll... v) {
        return withImports(List.of(v));
    }

    public PeLayout withDelayImports(List<ImportedDll> v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, v, exports, baseRelocations, importsInHeaders);
    }

    public PeLayout withDelayImports(ImportedDll... v) {
        return withDelayImports(List.of(v));
    }

    public PeLayout withExports(Optional<Exports> v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, v, baseRelocations, importsInHeaders);
    }

    public PeLayout withExports(Exports v) {
        return withExports(Optional.of(v));
    }

    public PeLayout withBaseRelocations(boolean v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, v, importsInHeaders);
    }

    public PeLayout withImportsInHeaders(boolean v) {
        return new PeLayout(machine, pe32Plus, timeDateStamp, characteristics, imageBase, sectionAlignment, fileAlignment, subsystem, majorSubsystemVersion, minorSubsystemVersion, dllCharacteristics, stackReserve, stackCommit, heapReserve, heapCommit, eLfanew, sizeOfOptionalHeader, numberOfRvaAndSizes, sections, sizeOfImage, imports, delayImports, exports, baseRelocations, v);
    }
}
