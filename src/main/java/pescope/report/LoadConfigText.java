package pescope.report;

import java.util.Map;
import pescope.pe.LoadConfig;
import pescope.pe.PeImage;

/**
 * The /LOADCONFIG block: one line per field the structure's Size covers, values right-aligned to
 * column 20, as dumpbin 14.x prints them (labels from real dumpbin output where a sample shows
 * them, see src/test/resources/dumpbin-samples/README.md).
 */
final class LoadConfigText {

    /** How dumpbin shows a value: an address (8 or 16 digits by bitness), bare hex, or fixed-width hex. */
    private enum Style { ADDRESS, HEX, HEX4, HEX8 }

    private record Label(String text, Style style) {}

    private static final Map<String, Label> LABELS = Map.ofEntries(
            Map.entry("size", new Label("size", Style.HEX8)),
            Map.entry("timeDateStamp", new Label("time date stamp", Style.HEX)),
            Map.entry("globalFlagsClear", new Label("GlobalFlags Clear", Style.HEX)),
            Map.entry("globalFlagsSet", new Label("GlobalFlags Set", Style.HEX)),
            Map.entry("criticalSectionDefaultTimeout", new Label("Critical Section Default Timeout", Style.HEX)),
            Map.entry("deCommitFreeBlockThreshold", new Label("Decommit Free Block Threshold", Style.HEX)),
            Map.entry("deCommitTotalFreeThreshold", new Label("Decommit Total Free Threshold", Style.HEX)),
            Map.entry("lockPrefixTable", new Label("Lock Prefix Table", Style.ADDRESS)),
            Map.entry("maximumAllocationSize", new Label("Maximum Allocation Size", Style.HEX)),
            Map.entry("virtualMemoryThreshold", new Label("Virtual Memory Threshold", Style.HEX)),
            Map.entry("processHeapFlags", new Label("Process Heap Flags", Style.HEX)),
            Map.entry("processAffinityMask", new Label("Process Affinity Mask", Style.HEX)),
            Map.entry("csdVersion", new Label("CSD Version", Style.HEX)),
            Map.entry("dependentLoadFlags", new Label("Dependent Load Flag", Style.HEX4)),
            Map.entry("editList", new Label("Edit List", Style.ADDRESS)),
            Map.entry("securityCookie", new Label("Security Cookie", Style.ADDRESS)),
            Map.entry("seHandlerTable", new Label("Safe Exception Handler Table", Style.ADDRESS)),
            Map.entry("seHandlerCount", new Label("Safe Exception Handler Count", Style.HEX)),
            Map.entry("guardCFCheckFunctionPointer", new Label("Guard CF address of check-function pointer", Style.ADDRESS)),
            Map.entry("guardCFDispatchFunctionPointer", new Label("Guard CF address of dispatch-function pointer", Style.ADDRESS)),
            Map.entry("guardCFFunctionTable", new Label("Guard CF function table", Style.ADDRESS)),
            Map.entry("guardCFFunctionCount", new Label("Guard CF function count", Style.HEX)),
            Map.entry("guardFlags", new Label("Guard Flags", Style.HEX8)),
            Map.entry("codeIntegrityFlags", new Label("Code Integrity Flags", Style.HEX4)),
            Map.entry("codeIntegrityCatalog", new Label("Code Integrity Catalog", Style.HEX4)),
            Map.entry("codeIntegrityCatalogOffset", new Label("Code Integrity Catalog Offset", Style.HEX8)),
            Map.entry("codeIntegrityReserved", new Label("Code Integrity Reserved", Style.HEX8)),
            Map.entry("guardAddressTakenIatEntryTable", new Label("Guard CF address taken IAT entry table", Style.ADDRESS)),
            Map.entry("guardAddressTakenIatEntryCount", new Label("Guard CF address taken IAT entry count", Style.HEX)),
            Map.entry("guardLongJumpTargetTable", new Label("Guard CF long jump target table", Style.ADDRESS)),
            Map.entry("guardLongJumpTargetCount", new Label("Guard CF long jump target count", Style.HEX)),
            Map.entry("dynamicValueRelocTable", new Label("Dynamic value relocation table", Style.ADDRESS)),
            Map.entry("chpeMetadataPointer", new Label("Hybrid metadata pointer", Style.ADDRESS)),
            Map.entry("guardRFFailureRoutine", new Label("Guard RF address of failure-function", Style.ADDRESS)),
            Map.entry("guardRFFailureRoutineFunctionPointer", new Label("Guard RF address of failure-function pointer", Style.ADDRESS)),
            Map.entry("dynamicValueRelocTableOffset", new Label("Dynamic value relocation table offset", Style.HEX8)),
            Map.entry("dynamicValueRelocTableSection", new Label("Dynamic value relocation table section", Style.HEX4)),
            Map.entry("reserved2", new Label("Reserved2", Style.HEX4)),
            Map.entry("guardRFVerifyStackPointerFunctionPointer",
                    new Label("Guard RF address of stack pointer verification function pointer", Style.ADDRESS)),
            Map.entry("hotPatchTableOffset", new Label("Hot patching table offset", Style.HEX8)),
            Map.entry("reserved3", new Label("Reserved3", Style.HEX8)),
            Map.entry("enclaveConfigurationPointer", new Label("Enclave configuration pointer", Style.ADDRESS)),
            Map.entry("volatileMetadataPointer", new Label("Volatile metadata pointer", Style.ADDRESS)),
            Map.entry("guardEHContinuationTable", new Label("Guard EH continuation table", Style.ADDRESS)),
            Map.entry("guardEHContinuationCount", new Label("Guard EH continuation count", Style.HEX)),
            Map.entry("guardXFGCheckFunctionPointer", new Label("Guard XFG address of check-function pointer", Style.ADDRESS)),
            Map.entry("guardXFGDispatchFunctionPointer", new Label("Guard XFG address of dispatch-function pointer", Style.ADDRESS)),
            Map.entry("guardXFGTableDispatchFunctionPointer",
                    new Label("Guard XFG address of dispatch-table-function pointer", Style.ADDRESS)),
            Map.entry("castGuardOsDeterminedFailureMode", new Label("Cast Guard OS determined failure mode", Style.ADDRESS)),
            Map.entry("guardMemcpyFunctionPointer", new Label("Guard memcpy function pointer", Style.ADDRESS)));

    /** IMAGE_GUARD_* flags; the wording of the first, second and long-jump ones is dumpbin's, the rest pescope's. */
    static final Map<Long, String> GUARD_FLAGS = FlagNames.ordered(
            0x00000100L, "CF instrumented",
            0x00000200L, "CFW instrumented",
            0x00000400L, "FID table present",
            0x00000800L, "Security cookie unused",
            0x00001000L, "Protect delayload IAT",
            0x00002000L, "Delayload import table in its own .didat section",
            0x00004000L, "Export suppression info present",
            0x00008000L, "Enable export suppression",
            0x00010000L, "Long jump target table present",
            0x00020000L, "RF instrumented",
            0x00040000L, "RF enable",
            0x00080000L, "RF strict",
            0x00100000L, "Retpoline present",
            0x00400000L, "EH continuation table present",
            0x00800000L, "XFG enabled",
            0x01000000L, "CastGuard present",
            0x02000000L, "Memcpy present");

    private LoadConfigText() {}

    static void append(StringBuilder out, PeImage image) {
        LoadConfig config = image.directory(LoadConfig.class).orElse(null);
        if (config == null) {
            return;
        }
        out.append("  Section contains the following load config:\n\n");
        for (LoadConfig.Field f : config.fields()) {
            if (f.name().equals("minorVersion")) {
                continue;
            }
            if (f.name().equals("majorVersion")) {
                long minor = config.value("minorVersion").orElse(0L);
                line(out, f.value() + "." + (minor < 10 ? "0" : "") + minor, "Version");
                continue;
            }
            Label label = LABELS.get(f.name());
            line(out, format(f.value(), label.style(), config.is64()), label.text());
            if (f.name().equals("guardFlags")) {
                for (String flag : FlagNames.describe(f.value(), GUARD_FLAGS)) {
                    out.append(" ".repeat(23)).append(flag).append('\n');
                }
                long stride = (f.value() >>> 28) & 0xF;
                if (stride != 0) {
                    out.append(" ".repeat(23)).append("Function table stride ").append(stride).append('\n');
                }
            }
        }
        if (config.unknownTail() > 0) {
            line(out, Columns.hex(config.unknownTail()), "bytes past the fields pescope knows");
        }
        out.append('\n');
    }

    private static String format(long value, Style style, boolean is64) {
        return switch (style) {
            case ADDRESS -> Columns.hex(value, is64 ? 16 : 8);
            case HEX -> Columns.hex(value);
            case HEX4 -> Columns.hex(value, 4);
            case HEX8 -> Columns.hex(value, 8);
        };
    }

    private static void line(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 20)).append(' ').append(label).append('\n');
    }
}
