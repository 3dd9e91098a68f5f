package pescope.report;

import pescope.pe.ExceptionTable;
import pescope.pe.PeImage;

/**
 * The /PDATA block: "Function Table (n)", then per RUNTIME_FUNCTION its offset in the table and its
 * begin, end and unwind-info RVAs. For ARM64, packed entries show the end worked out from the
 * packed length and the raw unwind word; others show the .xdata RVA.
 */
final class ExceptionText {

    private ExceptionText() {}

    static void append(PeImage image, TextOut out) {
        ExceptionTable table = image.directory(ExceptionTable.class).orElse(null);
        if (table == null) {
            return;
        }
        boolean arm64 = table.form() == ExceptionTable.Form.ARM64;
        out.append("Function Table (").append(table.count()).append(")\n\n");
        out.append(arm64 ? "           Begin    End      Unwind   Packed\n\n"
                : "           Begin    End      Info\n\n");
        int entrySize = arm64 ? 8 : 12;
        long index = 0;
        for (ExceptionTable.RuntimeFunction f : table.functions()) {
            out.append("  ").appendHex(index * entrySize, 8).append(' ').appendHex(f.beginAddress(), 8).append(' ');
            if (arm64 && !f.packed()) {
                out.append("        ");
            } else {
                out.appendHex(f.endAddress(), 8);
            }
            out.append(' ').appendHex(f.unwindInfoAddress(), 8);
            if (arm64) {
                out.append(f.packed() ? " Y" : " N");
            }
            out.append('\n');
            index++;
        }
        out.append('\n');
    }
}
