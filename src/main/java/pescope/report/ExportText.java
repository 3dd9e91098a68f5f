package pescope.report;

import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.PeImage;

/** The /EXPORTS block: directory values end at column 12, then one row per export. */
final class ExportText {

    private ExportText() {}

    static void append(PeImage image, TextOut out) {
        if (image.exports().isEmpty()) {
            return;
        }
        ExportDirectory d = image.exports().get();
        out.append("  Section contains the following exports for ").append(TerminalText.escape(d.name())).append("\n\n");
        line(out, Columns.hex(d.characteristics(), 8), "characteristics");
        line(out, Columns.hex(d.timeDateStamp(), 8), "time date stamp" + DumpText.timeSuffix(d.timeDateStamp()));
        line(out, d.version().toString(), "version");
        line(out, Long.toString(d.ordinalBase()), "ordinal base");
        line(out, Long.toString(d.numberOfFunctions()), "number of functions");
        line(out, Long.toString(d.numberOfNames()), "number of names");
        out.append('\n');
        out.append("    ordinal hint RVA      name\n\n");
        for (Export e : d.exports()) {
            // dumpbin's row is "%11d %4X %08X name": the hint is 4 wide.
            out.appendRight(e.ordinal(), 11).append(' ');
            if (e.hint() >= 0) {
                out.appendHexRight(e.hint(), 4);
            } else {
                out.append("    ");
            }
            out.append(' ');
            if (e.isForwarder()) {
                out.append("        ");
            } else {
                out.appendHex(e.rva(), 8);
            }
            out.append(' ').append(e.name() != null ? TerminalText.escape(e.name()) : "[NONAME]");
            if (e.isForwarder()) {
                out.append(" (forwarded to ").append(TerminalText.escape(e.forwarder())).append(')');
            }
            out.append('\n');
        }
        out.append('\n');
    }

    /** Directory values end at column 12. */
    private static void line(TextOut out, String value, String label) {
        out.append(Columns.right(value, 12)).append(' ').append(label).append('\n');
    }
}
