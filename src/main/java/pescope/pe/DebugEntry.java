package pescope.pe;

import java.util.List;
import java.util.Optional;

/**
 * One IMAGE_DEBUG_DIRECTORY entry, and what its data says when pescope knows the type. The
 * data is read at {@code pointerToRawData}, as dumpbin and pefile read it.
 */
public record DebugEntry(
        long characteristics,
        long timeDateStamp,
        int majorVersion,
        int minorVersion,
        long type,
        long sizeOfData,
        long addressOfRawData,
        long pointerToRawData,
        Optional<DebugData> data) {

    public static final int CODEVIEW = 2;
    public static final int VC_FEATURE = 12;
    public static final int POGO = 13;
    public static final int REPRO = 16;
    public static final int EX_DLLCHARACTERISTICS = 20;

    /** IMAGE_DEBUG_TYPE_* names without the prefix, by type code (winnt.h). */
    private static final List<String> NAMES = List.of(
            "UNKNOWN", "COFF", "CODEVIEW", "FPO", "MISC", "EXCEPTION", "FIXUP", "OMAP_TO_SRC",
            "OMAP_FROM_SRC", "BORLAND", "RESERVED10", "CLSID", "VC_FEATURE", "POGO", "ILTCG", "MPX",
            "REPRO", "EMBEDDED_PORTABLE_PDB", "SPGO", "PDBCHECKSUM", "EX_DLLCHARACTERISTICS");

    /** The IMAGE_DEBUG_TYPE_ name without its prefix, or the number for a type winnt.h does not name. */
    public String typeName() {
        return type < NAMES.size() ? NAMES.get((int) type) : Long.toString(type);
    }
}
