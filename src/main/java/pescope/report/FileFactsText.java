package pescope.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import pescope.pe.Certificate;
import pescope.pe.Certificates;
import pescope.pe.PeImage;
import pescope.pe.Checksum;
import pescope.pe.Hashes;
import pescope.pe.Overlay;
import pescope.pe.RichHeader;
import pescope.pe.Section;

/** The --rich and --hashes blocks, in dumpbin's manner (dumpbin prints neither). */
final class FileFactsText {

    private FileFactsText() {}

    static void appendRich(PeImage image, TextOut text) {
        StringBuilder out = new StringBuilder();
        appendRich(out, image.directory(RichHeader.class));
        text.append(out);
    }

    static void appendHashes(PeImage image, TextOut text) {
        StringBuilder out = new StringBuilder();
        image.directory(Hashes.class).ifPresent(hashes -> appendHashes(out, hashes, image.sections(),
                image.directory(Checksum.class).orElseThrow(), image.directory(Overlay.class),
                image.directory(Certificates.class).map(Certificates::entries).orElse(List.of())));
        text.append(out);
    }

    private static void appendRich(StringBuilder out, Optional<RichHeader> rich) {
        out.append("  Rich header\n\n");
        if (rich.isEmpty()) {
            out.append("    none\n\n");
            return;
        }
        RichHeader r = rich.get();
        value(out, Columns.hex(r.offset()), "file offset");
        value(out, Columns.hex(r.key(), 8), "key");
        value(out, Columns.hex(r.computedChecksum(), 8), "computed checksum (" + (r.checksumValid() ? "valid" : "INVALID") + ")");
        value(out, Long.toString(r.entries().size()), "entries");
        out.append('\n');
        out.append("    Product  Build      Count\n");
        for (RichHeader.Entry e : r.entries()) {
            out.append(Columns.right(Columns.hex(e.productId(), 4), 11)).append(' ')
                    .append(Columns.right(e.build(), 6)).append(' ')
                    .append(Columns.right(e.count(), 10)).append('\n');
        }
        out.append('\n');
    }

    private static void appendHashes(StringBuilder out, Hashes hashes, List<Section> sections, Checksum checksum,
            Optional<Overlay> overlay, List<Certificate> certificates) {
        out.append("  Hashes\n\n");
        out.append("    md5     ").append(hashes.md5()).append('\n');
        out.append("    sha1    ").append(hashes.sha1()).append('\n');
        out.append("    sha256  ").append(hashes.sha256()).append('\n');
        out.append("    imphash ").append(hashes.imphash().isEmpty() ? "(no imports)" : hashes.imphash()).append("\n\n");
        out.append("    Section entropy (bits per byte)\n");
        for (int i = 0; i < sections.size() && i < hashes.sectionEntropy().size(); i++) {
            out.append(Columns.right(String.format(Locale.ROOT, "%.4f", hashes.sectionEntropy().get(i)), 16)).append(' ')
                    .append(Text.printable(sections.get(i).name())).append('\n');
        }
        out.append('\n');
        out.append("  Checksum\n\n");
        value(out, Columns.hex(checksum.stored(), 8), "stored");
        value(out, Columns.hex(checksum.computed(), 8), "computed (" + (checksum.agrees() ? "agrees" : "DIFFERS") + ")");
        out.append('\n');
        out.append("  Overlay\n\n");
        if (overlay.isEmpty()) {
            out.append("    none\n\n");
        } else {
            value(out, Columns.hex(overlay.get().offset()), "file offset");
            value(out, Columns.hex(overlay.get().size()), "size");
            out.append('\n');
        }
        out.append("  Certificates\n\n");
        if (certificates.isEmpty()) {
            out.append("    none\n\n");
            return;
        }
        for (Certificate c : certificates) {
            value(out, Columns.hex(c.offset()), "file offset");
            value(out, Columns.hex(c.length()), "length");
            value(out, Columns.hex(c.revision(), 4), "revision");
            value(out, Columns.hex(c.type(), 4), "type (" + c.typeName() + "; signature not decoded)");
            out.append('\n');
        }
    }

    private static void value(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 16)).append(' ').append(label).append('\n');
    }
}
