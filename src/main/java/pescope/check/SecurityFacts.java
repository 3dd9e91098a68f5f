package pescope.check;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.EnumSet;
import java.util.Set;
import pescope.pe.Checksum;
import pescope.pe.DataDirectory;
import pescope.pe.DebugData;
import pescope.pe.DebugDirectory;
import pescope.pe.Directory;
import pescope.pe.FileFact;
import pescope.pe.LoadConfig;
import pescope.pe.Machine;
import pescope.pe.PeImage;
import pescope.pe.Section;
import pescope.pe.clr.ClrImage;
import pescope.pe.authenticode.Signature;

/**
 * What the rules need to know about one image, gathered in one place so that each rule is a
 * small pure function and tests can state facts directly.
 *
 * @param relocationsStripped the file header's RELOCS_STRIPPED flag: the loader will not move the image
 * @param relocationsPresent the image has a base-relocation directory (an image with no absolute
 *     addresses needs none, and moves without one unless RELOCS_STRIPPED is set)
 * @param managedIlOnly a .NET image with the ILONLY flag: native mitigations such as CFG, /GS
 *     and SafeSEH come from the runtime, not from this file
 * @param loadConfig the load configuration, when the image has one
 * @param cetCompatible the debug directory's extended DLL characteristics say CET_COMPAT; empty
 *     when the image has no such entry
 * @param computedChecksum the PE checksum of the file as it is, when it was computed
 * @param signatures every Authenticode signature, nested ones included
 */
public record SecurityFacts(
        int machine,
        boolean pe32Plus,
        int dllCharacteristics,
        int subsystem,
        boolean isDll,
        long entryPoint,
        boolean relocationsStripped,
        boolean relocationsPresent,
        List<Section> sections,
        Optional<DataDirectory> importDirectory,
        Optional<DataDirectory> importAddressTable,
        boolean managedIlOnly,
        Optional<LoadConfigFacts> loadConfig,
        Optional<Boolean> cetCompatible,
        long storedChecksum,
        OptionalLong computedChecksum,
        List<Signature> signatures) {

    public static final int DYNAMIC_BASE = 0x0040;
    public static final int FORCE_INTEGRITY = 0x0080;
    public static final int NX_COMPAT = 0x0100;
    public static final int NO_SEH = 0x0400;
    public static final int HIGH_ENTROPY_VA = 0x0020;
    public static final int GUARD_CF = 0x4000;
    /** IMAGE_SUBSYSTEM_NATIVE: drivers and native-API programs. */
    public static final int SUBSYSTEM_NATIVE = 1;
    static final int IMPORT_ADDRESS_TABLE = 12;

    public SecurityFacts {
        sections = List.copyOf(sections);
        signatures = List.copyOf(signatures);
    }

    /**
     * The directories {@code check} reads: what {@link #of} takes from the image. Hashing the file
     * comes with the checksum (one pass over the file computes both).
     */
    public static final Set<Directory> DIRECTORIES = EnumSet.of(Directory.LOAD_CONFIG, Directory.DEBUG,
            Directory.COM_DESCRIPTOR, Directory.CERTIFICATES, Directory.BASE_RELOCATION);
    public static final Set<FileFact> FACTS = EnumSet.of(FileFact.HASHES);

    /** The facts of {@code image}, read with {@link #DIRECTORIES} and {@link #FACTS}, and its signatures. */
    public static SecurityFacts of(PeImage image, List<Signature> signatures) {
        Optional<LoadConfigFacts> loadConfig = image.directory(LoadConfig.class).map(SecurityFacts::loadConfigFacts);
        // An image without the EX_DLLCHARACTERISTICS entry is not CET compatible: empty says "no entry".
        Optional<Boolean> cet = image.directory(DebugDirectory.class).flatMap(DebugDirectory::exDllCharacteristics)
                .map(ex -> (ex.flags() & DebugData.ExDllCharacteristics.CET_COMPAT) != 0);
        boolean ilOnly = image.directory(ClrImage.class).map(clr -> clr.header().ilOnly()).orElse(false);
        OptionalLong checksum = image.directory(Checksum.class).map(c -> OptionalLong.of(c.computed())).orElse(OptionalLong.empty());
        return of(image, ilOnly, loadConfig, cet, checksum, signatures);
    }

    private static LoadConfigFacts loadConfigFacts(LoadConfig c) {
        return new LoadConfigFacts(c.size(), field(c, "securityCookie"), field(c, "seHandlerTable"), field(c, "seHandlerCount"),
                field(c, "guardCFCheckFunctionPointer"), field(c, "guardCFFunctionTable"), field(c, "guardCFFunctionCount"),
                field(c, "guardFlags"));
    }

    /** A field past the structure's Size is absent, which the loader treats as zero. */
    private static long field(LoadConfig config, String name) {
        return config.value(name).orElse(0L);
    }

    /** The facts of {@code image}, with what other directories add passed in (tests state them directly). */
    public static SecurityFacts of(PeImage image, boolean managedIlOnly, Optional<LoadConfigFacts> loadConfig,
            Optional<Boolean> cetCompatible, OptionalLong computedChecksum, List<Signature> signatures) {
        return new SecurityFacts(image.machine(), image.optionalHeader().isPe32Plus(),
                image.optionalHeader().dllCharacteristics(), image.optionalHeader().subsystem(), image.isDll(),
                image.optionalHeader().addressOfEntryPoint(), image.fileHeader().relocationsStripped(),
                image.directory(DataDirectory.BASE_RELOCATION).map(DataDirectory::isPresent).orElse(false), image.sections(),
                image.directory(DataDirectory.IMPORT).filter(DataDirectory::isPresent),
                image.directory(IMPORT_ADDRESS_TABLE).filter(DataDirectory::isPresent),
                managedIlOnly, loadConfig, cetCompatible, image.optionalHeader().checkSum(), computedChecksum, signatures);
    }

    public boolean has(int dllCharacteristic) {
        return (dllCharacteristics & dllCharacteristic) != 0;
    }

    public boolean isX86() {
        return machine == Machine.I386.code();
    }

    /** x86 and x64 are the machines with CET shadow stacks. */
    public boolean isIntel() {
        return machine == Machine.I386.code() || machine == Machine.AMD64.code();
    }

    /** A kernel-mode image: the loader verifies the checksum of these. */
    public boolean isDriver() {
        return subsystem == SUBSYSTEM_NATIVE;
    }

    /** Code the processor runs: an entry point or an executable section. A resource-only DLL has neither. */
    public boolean hasNativeCode() {
        return entryPoint != 0 || sections.stream().anyMatch(s -> s.has(Section.MEM_EXECUTE) || s.has(Section.CODE));
    }

    /** IMAGE_SUBSYSTEM_EFI_APPLICATION (10) to EFI_ROM (13): loaded by UEFI firmware, not by Windows. */
    public boolean isEfi() {
        return subsystem >= 10 && subsystem <= 13;
    }

    /** The section whose virtual range holds {@code rva}, if any. */
    public Optional<Section> sectionAt(long rva) {
        return sections.stream()
                .filter(s -> rva >= s.virtualAddress() && rva < s.virtualAddress() + Math.max(s.virtualSize(), s.sizeOfRawData()))
                .findFirst();
    }
}
