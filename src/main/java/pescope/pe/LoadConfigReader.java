package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import pescope.format.LoadConfigDirectory;
import pescope.format.U4Table;
import pescope.pe.Anomaly.Kind;
import pescope.pe.LoadConfig.Width;

/**
 * Reads the load configuration directory: the Size field first, then exactly the fields it
 * covers. Fields Size covers but the file does not hold are left out with an anomaly.
 */
final class LoadConfigReader implements DirectoryReader<LoadConfig> {

    /** A field of the structure, in file order, and how to get its value from the parsed structure. */
    private record Spec(String name, Width width, ToLongFunction<LoadConfigDirectory> value) {}

    /**
     * The field tables, in a holder class so that they are built the first time a load config is
     * read: the Directory registry creates every reader at start-up, and linking these ~50 lambdas
     * cost 14 ms of a 180 ms one-file dump that never reads a load config (issue 16).
     */
    private static final class Layout {
        private static final List<Spec> HEAD = List.of(
                new Spec("size", Width.DWORD, LoadConfigDirectory::size),
                new Spec("timeDateStamp", Width.DWORD, LoadConfigDirectory::timeDateStamp),
                new Spec("majorVersion", Width.WORD, LoadConfigDirectory::majorVersion),
                new Spec("minorVersion", Width.WORD, LoadConfigDirectory::minorVersion),
                new Spec("globalFlagsClear", Width.DWORD, LoadConfigDirectory::globalFlagsClear),
                new Spec("globalFlagsSet", Width.DWORD, LoadConfigDirectory::globalFlagsSet),
                new Spec("criticalSectionDefaultTimeout", Width.DWORD, LoadConfigDirectory::criticalSectionDefaultTimeout),
                pointer("deCommitFreeBlockThreshold", c -> c.deCommitFreeBlockThreshold().value()),
                pointer("deCommitTotalFreeThreshold", c -> c.deCommitTotalFreeThreshold().value()),
                pointer("lockPrefixTable", c -> c.lockPrefixTable().value()),
                pointer("maximumAllocationSize", c -> c.maximumAllocationSize().value()),
                pointer("virtualMemoryThreshold", c -> c.virtualMemoryThreshold().value()));

        private static final Spec PROCESS_HEAP_FLAGS = new Spec("processHeapFlags", Width.DWORD, LoadConfigDirectory::processHeapFlags);
        private static final Spec PROCESS_AFFINITY_MASK = pointer("processAffinityMask", c -> c.processAffinityMask());

        private static final List<Spec> TAIL = List.of(
                new Spec("csdVersion", Width.WORD, LoadConfigDirectory::csdVersion),
                new Spec("dependentLoadFlags", Width.WORD, LoadConfigDirectory::dependentLoadFlags),
                pointer("editList", c -> c.editList().value()),
                pointer("securityCookie", c -> c.securityCookie().value()),
                pointer("seHandlerTable", c -> c.seHandlerTable().value()),
                pointer("seHandlerCount", c -> c.seHandlerCount().value()),
                pointer("guardCFCheckFunctionPointer", c -> c.guardCfCheckFunctionPointer().value()),
                pointer("guardCFDispatchFunctionPointer", c -> c.guardCfDispatchFunctionPointer().value()),
                pointer("guardCFFunctionTable", c -> c.guardCfFunctionTable().value()),
                pointer("guardCFFunctionCount", c -> c.guardCfFunctionCount().value()),
                new Spec("guardFlags", Width.DWORD, LoadConfigDirectory::guardFlags),
                new Spec("codeIntegrityFlags", Width.WORD, LoadConfigDirectory::codeIntegrityFlags),
                new Spec("codeIntegrityCatalog", Width.WORD, LoadConfigDirectory::codeIntegrityCatalog),
                new Spec("codeIntegrityCatalogOffset", Width.DWORD, LoadConfigDirectory::codeIntegrityCatalogOffset),
                new Spec("codeIntegrityReserved", Width.DWORD, LoadConfigDirectory::codeIntegrityReserved),
                pointer("guardAddressTakenIatEntryTable", c -> c.guardAddressTakenIatEntryTable().value()),
                pointer("guardAddressTakenIatEntryCount", c -> c.guardAddressTakenIatEntryCount().value()),
                pointer("guardLongJumpTargetTable", c -> c.guardLongJumpTargetTable().value()),
                pointer("guardLongJumpTargetCount", c -> c.guardLongJumpTargetCount().value()),
                pointer("dynamicValueRelocTable", c -> c.dynamicValueRelocTable().value()),
                pointer("chpeMetadataPointer", c -> c.chpeMetadataPointer().value()),
                pointer("guardRFFailureRoutine", c -> c.guardRfFailureRoutine().value()),
                pointer("guardRFFailureRoutineFunctionPointer", c -> c.guardRfFailureRoutineFunctionPointer().value()),
                new Spec("dynamicValueRelocTableOffset", Width.DWORD, LoadConfigDirectory::dynamicValueRelocTableOffset),
                new Spec("dynamicValueRelocTableSection", Width.WORD, LoadConfigDirectory::dynamicValueRelocTableSection),
                new Spec("reserved2", Width.WORD, LoadConfigDirectory::reserved2),
                pointer("guardRFVerifyStackPointerFunctionPointer", c -> c.guardRfVerifyStackPointerFunctionPointer().value()),
                new Spec("hotPatchTableOffset", Width.DWORD, LoadConfigDirectory::hotPatchTableOffset),
                new Spec("reserved3", Width.DWORD, LoadConfigDirectory::reserved3),
                pointer("enclaveConfigurationPointer", c -> c.enclaveConfigurationPointer().value()),
                pointer("volatileMetadataPointer", c -> c.volatileMetadataPointer().value()),
                pointer("guardEHContinuationTable", c -> c.guardEhContinuationTable().value()),
                pointer("guardEHContinuationCount", c -> c.guardEhContinuationCount().value()),
                pointer("guardXFGCheckFunctionPointer", c -> c.guardXfgCheckFunctionPointer().value()),
                pointer("guardXFGDispatchFunctionPointer", c -> c.guardXfgDispatchFunctionPointer().value()),
                pointer("guardXFGTableDispatchFunctionPointer", c -> c.guardXfgTableDispatchFunctionPointer().value()),
                pointer("castGuardOsDeterminedFailureMode", c -> c.castGuardOsDeterminedFailureMode().value()),
                pointer("guardMemcpyFunctionPointer", c -> c.guardMemcpyFunctionPointer().value()));

        /** The fields of the PE32 structure in file order: ProcessHeapFlags before ProcessAffinityMask. */
        private static final List<Spec> FIELDS_32 = concat(PROCESS_HEAP_FLAGS, PROCESS_AFFINITY_MASK);
        /** The fields of the PE32+ structure in file order: ProcessAffinityMask (8 bytes) first. */
        private static final List<Spec> FIELDS_64 = concat(PROCESS_AFFINITY_MASK, PROCESS_HEAP_FLAGS);

        /** Size of the whole structure as this reader knows it (Windows 11 SDK). */
        static final int KNOWN_SIZE_32 = sizeOf(FIELDS_32, false);
        static final int KNOWN_SIZE_64 = sizeOf(FIELDS_64, true);
    }

    /** The context of one parse; null in the registry's instance, which makes one per parse. */
    private final DirectorySource source;

    LoadConfigReader() {
        this(null);
    }

    private LoadConfigReader(DirectorySource source) {
        this.source = source;
    }

    @Override
    public Class<LoadConfig> type() {
        return LoadConfig.class;
    }

    @Override
    public Optional<LoadConfig> read(ParseContext context, DataDirectory entry) {
        return new LoadConfigReader(new DirectorySource(context)).read(entry);
    }

    private Optional<LoadConfig> read(DataDirectory dir) {
        long rva = dir.rva();
        long offset = source.offsetOf(rva);
        if (offset == RvaMapper.NOT_IN_FILE || !source.bytes.contains(offset, 4)) {
            source.anomaly(Kind.LOAD_CONFIG_DAMAGED, "load config directory at RVA 0x%X is not in the file", rva);
            return Optional.empty();
        }
        boolean is64 = source.isPe32Plus();
        long size = source.parseAtOffset(offset, 4, io -> new U4Table(io, 1)).entries().get(0);
        int knownSize = is64 ? Layout.KNOWN_SIZE_64 : Layout.KNOWN_SIZE_32;
        long inFile = source.bytesFrom(offset);
        long covered = Math.min(size, inFile);
        if (size > inFile) {
            source.anomaly(Kind.LOAD_CONFIG_DAMAGED,
                    "load config Size 0x%X runs past the end of the file; reading the 0x%X bytes there", size, inFile);
        }
        LoadConfigDirectory raw = source.parsePaddedAtOffset(offset, knownSize,
                io -> new LoadConfigDirectory(io, is64)).value();
        List<LoadConfig.Field> fields = new ArrayList<>();
        int at = 0;
        for (Spec spec : is64 ? Layout.FIELDS_64 : Layout.FIELDS_32) {
            int width = widthOf(spec.width(), is64);
            if (at + width > covered) {
                break;
            }
            fields.add(new LoadConfig.Field(spec.name(), spec.width(), at, spec.value().applyAsLong(raw)));
            at += width;
        }
        long unknownTail = Math.max(0, size - knownSize);
        return Optional.of(new LoadConfig(size, is64, fields, unknownTail));
    }

    private static Spec pointer(String name, ToLongFunction<LoadConfigDirectory> value) {
        return new Spec(name, Width.POINTER, value);
    }

    private static List<Spec> concat(Spec first, Spec second) {
        List<Spec> all = new ArrayList<>(Layout.HEAD);
        all.add(first);
        all.add(second);
        all.addAll(Layout.TAIL);
        return List.copyOf(all);
    }

    static int widthOf(Width width, boolean is64) {
        return switch (width) {
            case WORD -> 2;
            case DWORD -> 4;
            case POINTER -> is64 ? 8 : 4;
        };
    }

    private static int sizeOf(List<Spec> fields, boolean is64) {
        return fields.stream().mapToInt(f -> widthOf(f.width(), is64)).sum();
    }
}
