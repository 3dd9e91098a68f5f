package pescope.report;

import pescope.pe.PeImage;

/** The /DEPENDENTS and /IMPORTS blocks. */
final class ImportText {
    private final PeImage image;

    ImportText(PeImage image) {
        this.image = image;
    }

    void appendDependents(StringBuilder out) {}

    void appendImports(StringBuilder out) {}
}
