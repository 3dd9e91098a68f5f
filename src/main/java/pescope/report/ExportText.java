package pescope.report;

import pescope.pe.PeImage;

/** The /EXPORTS block. */
final class ExportText {
    private final PeImage image;

    ExportText(PeImage image) {
        this.image = image;
    }

    void appendExports(StringBuilder out) {}
}
