package pescope.ce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the CE loader model needs to know about one PE image. The caller adapts it from a parsed
 * image; {@link #builder(String)} gives readable defaults for tests.
 *
 * @param fileName            the module's file name, as the loader matches it
 * @param path                where the file was found, or null
 * @param sizeOfImage         optional header SizeOfImage: the reservation size (ce-loader.md §2)
 * @param sections            section sizes and flags; needed for the KB326163 figure and for ROM layout
 * @param kbSectionSum        KB326163's "sum of the section sizes plus 4 KB", 0 when unknown
 * @param isDll               IMAGE_FILE_DLL
 * @param relocationsStripped IMAGE_FILE_RELOCS_STRIPPED, or no .reloc data
 * @param imageBase           optional header ImageBase
 * @param machine             COFF Machine
 * @param subsystem           optional header Subsystem (9 = Windows CE GUI)
 * @param subsystemMajor      MajorSubsystemVersion
 * @param subsystemMinor      MinorSubsystemVersion
 * @param sizeOfStackReserve  optional header SizeOfStackReserve
 * @param imports             imported DLL names, in import-directory order
 * @param delayImports        delay-imported DLL names
 * @param unresolvedImports   imports the dependency checker could not resolve (error 127)
 * @param damage              why the file cannot be loaded as it is (truncated, a damaged import or
 *                            export directory), or null when it is intact
 */
public record CeModule(
        String fileName,
        Path path,
        long sizeOfImage,
        List<CeSection> sections,
        long kbSectionSum,
        boolean isDll,
        boolean relocationsStripped,
        long imageBase,
        int machine,
        int subsystem,
        int subsystemMajor,
        int subsystemMinor,
        long sizeOfStackReserve,
        List<String> imports,
        List<String> delayImports,
        List<UnresolvedImport> unresolvedImports,
        String damage) {

    /** PE/COFF spec: IMAGE_SUBSYSTEM_WINDOWS_CE_GUI. */
    public static final int IMAGE_SUBSYSTEM_WINDOWS_CE_GUI = 9;
    /** KB326163: "the sum of the section sizes in the dumpbin summary plus 4 KB" (the headers page). */
    public static final long KB326163_HEADER_ALLOWANCE = 0x1000;

    /** SCHEDULE.C: the smallest stack reserve on 4 KB-page CPUs. */
    public static final long STACK_MIN_4K_PAGES = 16 * 1024;
    /** SCHEDULE.C: the smallest stack reserve on 1 KB-page CPUs. */
    public static final long STACK_MIN_1K_PAGES = 8 * 1024;
    /** SCHEDULE.C: the largest main-thread stack reserve. */
    public static final long STACK_MAX = 1024 * 1024;
    /** SCHEDULE.C: the fixed stack of non-CE subsystems and of subsystem versions below 2.2. */
    public static final long STACK_FIXED_FOR_OLD_SUBSYSTEMS = 64 * 1024;

    public CeModule {
        Objects.requireNonNull(fileName, "fileName");
        sections = List.copyOf(sections);
        imports = List.copyOf(imports);
        delayImports = List.copyOf(delayImports);
        unresolvedImports = List.copyOf(unresolvedImports);
        if (sizeOfImage < 0) {
            throw new IllegalArgumentException("negative SizeOfImage for " + fileName);
        }
        if (kbSectionSum == 0 && !sections.isEmpty()) {
            kbSectionSum = kbSectionSumOf(sections);
        }
    }

    public CeModule(String fileName, Path path, long sizeOfImage, List<CeSection> sections, long kbSectionSum,
                    boolean isDll, boolean relocationsStripped, long imageBase, int machine, int subsystem,
                    int subsystemMajor, int subsystemMinor, long sizeOfStackReserve, List<String> imports,
                    List<String> delayImports, List<UnresolvedImport> unresolvedImports) {
        this(fileName, path, sizeOfImage, sections, kbSectionSum, isDll, relocationsStripped, imageBase, machine,
                subsystem, subsystemMajor, subsystemMinor, sizeOfStackReserve, imports, delayImports, unresolvedImports, null);
    }

    /** The same module under another name, importing these DLLs instead (for what-if scenarios). */
    public CeModule renamed(String name, long size, List<String> newImports, List<UnresolvedImport> unresolved) {
        return new CeModule(name, path, size, List.of(), 0, isDll, relocationsStripped, imageBase, machine, subsystem,
                subsystemMajor, subsystemMinor, sizeOfStackReserve, newImports, delayImports, unresolved, damage);
    }

    /** The same module importing these DLLs instead (for what-if scenarios). */
    public CeModule withImports(List<String> newImports, List<UnresolvedImport> unresolved) {
        return new CeModule(fileName, path, sizeOfImage, sections, kbSectionSum, isDll, relocationsStripped, imageBase,
                machine, subsystem, subsystemMajor, subsystemMinor, sizeOfStackReserve, newImports, delayImports,
                unresolved, damage);
    }

    /** KB326163's cost figure for these sections: their dumpbin summary sizes plus 4 KB. */
    public static long kbSectionSumOf(List<CeSection> sections) {
        return KB326163_HEADER_ALLOWANCE + sections.stream().mapToLong(CeSection::summarySize).sum();
    }

    /** ce-loader.md §2.1: flag the KB figure when it differs from SizeOfImage by more than a page. */
    public boolean kbSumDiffersFromSizeOfImage() {
        return kbSectionSum != 0 && Math.abs(kbSectionSum - sizeOfImage) > CeSection.PAGE;
    }

    /**
     * ce-loader.md §3 step 14: the main thread's stack reserve when this EXE runs on a CPU with this page
     * size: SizeOfStackReserve rounded up to a page, at least 16 KB (8 KB on 1 KB pages), at most 1 MB;
     * a fixed 64 KB when the subsystem is not Windows CE GUI or its version is below 2.2.
     */
    public long mainThreadStackReserve(long pageSize) {
        boolean oldVersion = subsystemMajor < 2 || (subsystemMajor == 2 && subsystemMinor < 2);
        if (subsystem != IMAGE_SUBSYSTEM_WINDOWS_CE_GUI || oldVersion) {
            return STACK_FIXED_FOR_OLD_SUBSYSTEMS;
        }
        long rounded = (sizeOfStackReserve + pageSize - 1) / pageSize * pageSize;
        long min = pageSize == Device.PAGE_1K ? STACK_MIN_1K_PAGES : STACK_MIN_4K_PAGES;
        return Math.min(STACK_MAX, Math.max(min, rounded));
    }

    /** Unresolved imports that name this DLL. */
    public List<UnresolvedImport> unresolvedFrom(String dll) {
        String key = ModuleCatalog.keyOf(dll);
        return unresolvedImports.stream().filter(u -> ModuleCatalog.keyOf(u.dll()).equals(key)).toList();
    }

    public static Builder builder(String fileName) {
        return new Builder(fileName);
    }

    /** A relocatable Windows CE GUI DLL (or EXE when the name ends in .exe) with defaults a test can override. */
    public static final class Builder {
        private final String fileName;
        private Path path;
        private long sizeOfImage = 0x10000;
        private final List<CeSection> sections = new ArrayList<>();
        private long kbSectionSum;
        private boolean isDll;
        private boolean relocationsStripped;
        private long imageBase;
        private int machine;
        private int subsystem = IMAGE_SUBSYSTEM_WINDOWS_CE_GUI;
        private int subsystemMajor = 3;
        private int subsystemMinor = 0;
        private long sizeOfStackReserve = 0x10000;
        private final List<String> imports = new ArrayList<>();
        private final List<String> delayImports = new ArrayList<>();
        private final List<UnresolvedImport> unresolved = new ArrayList<>();
        private String damage;

        private Builder(String fileName) {
            this.fileName = fileName;
            this.isDll = !fileName.toLowerCase(Locale.ROOT).endsWith(".exe");
            this.imageBase = isDll ? 0x10000000L : 0x10000L;
        }

        public Builder path(Path value) { path = value; return this; }
        public Builder sizeOfImage(long value) { sizeOfImage = value; return this; }
        public Builder section(CeSection value) { sections.add(value); return this; }
        public Builder sections(List<CeSection> value) { sections.addAll(value); return this; }
        public Builder kbSectionSum(long value) { kbSectionSum = value; return this; }
        public Builder dll(boolean value) { isDll = value; return this; }
        public Builder relocationsStripped(boolean value) { relocationsStripped = value; return this; }
        public Builder imageBase(long value) { imageBase = value; return this; }
        public Builder machine(int value) { machine = value; return this; }
        public Builder subsystem(int value) { subsystem = value; return this; }
        public Builder subsystemVersion(int major, int minor) { subsystemMajor = major; subsystemMinor = minor; return this; }
        public Builder sizeOfStackReserve(long value) { sizeOfStackReserve = value; return this; }
        public Builder imports(String... names) { imports.addAll(List.of(names)); return this; }
        public Builder imports(List<String> names) { imports.addAll(names); return this; }
        public Builder delayImports(String... names) { delayImports.addAll(List.of(names)); return this; }
        public Builder unresolved(String dll, String symbol) { unresolved.add(new UnresolvedImport(dll, symbol)); return this; }
        public Builder damage(String value) { damage = value; return this; }

        public CeModule build() {
            return new CeModule(fileName, path, sizeOfImage, sections, kbSectionSum, isDll, relocationsStripped,
                    imageBase, machine, subsystem, subsystemMajor, subsystemMinor, sizeOfStackReserve,
                    imports, delayImports, unresolved, damage);
        }
    }
}
