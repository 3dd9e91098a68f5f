package pescope.report;

import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.PeImage;

/** The /EXPORTS block: directory values end at column 12, then one row per export. */
final class ExportText {

    private final PeImage image;

    ExportText(PeImage image) {
        this.image = image;
    }

    void appendExports(StringBuilder out) {
        if (image.exports().isEmpty()) {
            return;
        }
        ExportDirectory d = image.exports().get();
        out.append("  Section contains the following exports for ").append(d.name()).append("\n\n");
        out.append(String.format("%12s characteristics%n", String.format("%08X", d.characteristics())));
        out.append(String.format("%12s time date stamp%s%n", String.format("%08X", d.timeDateStamp()),
                DumpText.timeSuffix(d.timeDateStamp())));
        out.append(String.format("%12s version%n", d.version()));
        out.append(String.format("%12d ordinal base%n", d.ordinalBase()));
        out.append(String.format("%12d number of functions%n", d.numberOfFunctions()));
        out.append(String.format("%12d number of names%n%n", d.numberOfNames()));
        out.append("    ordinal hint RVA      name\n\n");
        for (Export e : d.exports()) {
            String hint = e.hint() >= 0 ? String.format("%5X", e.hint()) : "     ";
            String rva = e.isForwarder() ? "        " : String.format("%08X", e.rva());
            String name = e.name() != null ? e.name() : "[NONAME]";
            String forward = e.isForwarder() ? " (forwarded to " + e.forwarder() + ")" : "";
            out.append(String.format("%11d %s %s %s%s%n", e.ordinal(), hint, rva, name, forward));
        }
        out.append('\n');
    }
}
