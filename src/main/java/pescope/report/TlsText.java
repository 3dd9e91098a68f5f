package pescope.report;

import pescope.pe.PeImage;
import pescope.pe.TlsDirectory;

/** The /TLS block: the directory's values right-aligned to column 20, then the callback VAs. */
final class TlsText {

    private TlsText() {}

    static void append(StringBuilder out, PeImage image) {
        TlsDirectory tls = image.directory(TlsDirectory.class).orElse(null);
        if (tls == null) {
            return;
        }
        boolean is64 = image.optionalHeader().isPe32Plus();
        int digits = is64 ? 16 : 8;
        out.append("  Section contains the following TLS directory:\n\n");
        line(out, Columns.hex(tls.startAddressOfRawData(), digits), "Start of raw data");
        line(out, Columns.hex(tls.endAddressOfRawData(), digits), "End of raw data");
        line(out, Columns.hex(tls.addressOfIndex(), digits), "Address of index");
        line(out, Columns.hex(tls.addressOfCallBacks(), digits), "Address of callbacks");
        line(out, Columns.hex(tls.sizeOfZeroFill()), "Size of zero fill");
        line(out, Columns.hex(tls.characteristics(), 8), "Characteristics");
        long alignment = (tls.characteristics() >> 20) & 0xF;
        out.append(" ".repeat(23)).append(alignment == 0 ? "(no align specified)"
                : alignment <= 14 ? (1L << (alignment - 1)) + " byte align" : "(unknown alignment)").append('\n');
        out.append('\n');
        if (!tls.callbacks().isEmpty()) {
            out.append("    TLS Callbacks\n\n");
            out.append("          Address\n");
            out.append("          ").append("-".repeat(digits)).append('\n');
            for (TlsDirectory.Callback c : tls.callbacks()) {
                out.append("          ").append(Columns.hex(c.va(), digits)).append('\n');
            }
            out.append('\n');
        }
    }

    private static void line(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 20)).append(' ').append(label).append('\n');
    }
}
