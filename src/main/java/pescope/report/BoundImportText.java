package pescope.report;

import static pescope.report.DumpText.timeSuffix;

import pescope.pe.BoundImport;
import pescope.pe.PeImage;

/** The bound import part of /IMPORTS: each DLL the image was bound to, and its forwarders. */
final class BoundImportText {

    private BoundImportText() {}

    static void append(PeImage image, TextOut out) {
        if (image.boundImports().isEmpty()) {
            return;
        }
        out.append("  Header contains the following bound import information:\n");
        for (BoundImport b : image.boundImports()) {
            out.append("    Bound to ").append(b.dllName()).append(" [").append(Columns.hex(b.timeDateStamp(), 8)).append(']')
                    .append(timeSuffix(b.timeDateStamp())).append('\n');
            for (BoundImport.Forwarder f : b.forwarders()) {
                out.append("      Contained forwarders bound to ").append(f.dllName()).append(" [")
                        .append(Columns.hex(f.timeDateStamp(), 8)).append(']').append(timeSuffix(f.timeDateStamp())).append('\n');
            }
        }
        out.append('\n');
    }
}
