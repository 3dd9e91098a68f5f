package pescope.report;

import java.util.Map;
import pescope.pe.DataDirectory;
import pescope.pe.DebugData;
import pescope.pe.DebugDirectory;
import pescope.pe.DebugEntry;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * The "Debug Directories" table that /HEADERS prints after the header of the section holding the
 * debug directory, and the /PDBPATH line. Layout from real dumpbin 14.x output (see
 * src/test/resources/dumpbin-samples/): {@code %08X %-7s %8X %08X %8X}, then what the data says.
 */
final class DebugText {

    /**
     * dumpbin's short type names: cv, feat, coffgrp, iltcg, repro and dllchar as real dumps show
     * them, coff, fpo and misc as older dumpbin printed them. Other types print their number in
     * hex in parentheses, as an old ntdll.dll dump shows type 10: "( A)".
     */
    private static final Map<Long, String> SHORT_NAMES = Map.of(
            1L, "coff", 2L, "cv", 3L, "fpo", 4L, "misc", 12L, "feat", 13L, "coffgrp", 14L, "iltcg",
            16L, "repro", 20L, "dllchar");

    /** IMAGE_DLLCHARACTERISTICS_EX_* flags; the first is dumpbin's wording, the others pescope's. */
    static final Map<Long, String> EX_DLL_CHARACTERISTICS = FlagNames.ordered(
            0x01L, "CET compatible",
            0x02L, "CET strict mode",
            0x04L, "CET SetContext IP validation relaxed mode",
            0x08L, "CET dynamic APIs allowed in process",
            0x10L, "CET reserved 1",
            0x20L, "CET reserved 2",
            0x40L, "Forward CFI compatible",
            0x80L, "Hotpatch compatible");

    private DebugText() {}

    /** The table, when the debug directory starts in {@code section}. */
    static void appendAfterSection(StringBuilder out, PeImage image, Section section) {
        DebugDirectory debug = image.directory(DebugDirectory.class).orElse(null);
        DataDirectory dir = image.directory(DataDirectory.DEBUG).orElse(null);
        if (debug == null || dir == null || !contains(section, dir.rva())) {
            return;
        }
        out.append("  Debug Directories\n\n");
        out.append("        Time Type        Size      RVA  Pointer\n");
        out.append("    -------- ------- -------- -------- --------\n");
        for (DebugEntry e : debug.entries()) {
            String name = SHORT_NAMES.getOrDefault(e.type(), "(" + Columns.right(Columns.hex(e.type()), 2) + ")");
            String row = "    " + Columns.hex(e.timeDateStamp(), 8) + ' ' + padRight(name, 7) + ' '
                    + Columns.right(Columns.hex(e.sizeOfData()), 8) + ' ' + Columns.hex(e.addressOfRawData(), 8) + ' '
                    + Columns.right(Columns.hex(e.pointerToRawData()), 8);
            String what = e.data().map(DebugText::describe).orElse("");
            out.append(row).append(what.isEmpty() ? "" : "    " + what).append('\n');
        }
        out.append('\n');
        debug.exDllCharacteristics().ifPresent(ex -> {
            out.append(Columns.right(Columns.hex(ex.flags(), 8), 16)).append(" extended DLL characteristics\n");
            for (String flag : FlagNames.describe(ex.flags(), EX_DLL_CHARACTERISTICS)) {
                out.append(" ".repeat(19)).append(flag).append('\n');
            }
            out.append('\n');
        });
    }

    /** /PDBPATH: the PDB the CodeView record names (pescope does not look for it on disk). */
    static void appendPdbPath(StringBuilder out, PeImage image) {
        image.directory(DebugDirectory.class).flatMap(DebugDirectory::codeView)
                .filter(cv -> cv.pdbPath() != null)
                .ifPresent(cv -> out.append("  PDB file named in the image: '").append(cv.pdbPath()).append("'\n\n"));
    }

    private static String describe(DebugData data) {
        if (data instanceof DebugData.CodeView cv) {
            if (DebugData.CodeView.RSDS.equals(cv.format())) {
                return "Format: RSDS, " + cv.guid() + ", " + cv.age() + ", " + cv.pdbPath();
            }
            if (DebugData.CodeView.NB10.equals(cv.format())) {
                return "Format: NB10, " + Columns.hex(cv.signature()) + ", " + cv.age() + ", " + cv.pdbPath();
            }
            return "Format: " + cv.format();
        }
        if (data instanceof DebugData.VcFeature f) {
            return "Counts: Pre-VC++ 11.00=" + f.preVc11() + ", C/C++=" + f.cAndCpp() + ", /GS=" + f.gs()
                    + ", /sdl=" + f.sdl() + ", guardN=" + f.guardN();
        }
        if (data instanceof DebugData.Pogo p) {
            return p.signatureName() == null ? "" : Columns.hex(p.signature(), 8) + " (" + p.signatureName() + ")";
        }
        if (data instanceof DebugData.Repro r) {
            StringBuilder hex = new StringBuilder();
            for (byte b : r.hash()) {
                hex.append(hex.length() == 0 ? "" : " ").append(Columns.hex(b & 0xFF, 2));
            }
            return hex.toString();
        }
        return "";
    }

    private static boolean contains(Section s, long rva) {
        long size = Math.max(s.virtualSize(), s.sizeOfRawData());
        return rva >= s.virtualAddress() && rva < s.virtualAddress() + size;
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
