package pescope.report;

import pescope.pe.BaseRelocations;
import pescope.pe.DataDirectory;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * The /RELOCATIONS block: "BASE RELOCATIONS #n" (n the section holding the directory, in hex),
 * then per block its page RVA and size, and per entry its offset in the page and type.
 */
final class RelocationText {

    /** dumpbin's short names for IMAGE_REL_BASED_* types. */
    private static final String[] NAMES = {"ABS", "HIGH", "LOW", "HIGHLOW", "HIGHADJ", "MACHINE5", "RESERVED",
        "THUMB_MOV32", "MACHINE8", "MACHINE9", "DIR64"};

    private RelocationText() {}

    static void append(PeImage image, TextOut out) {
        BaseRelocations relocations = image.directory(BaseRelocations.class).orElse(null);
        if (relocations == null) {
            return;
        }
        long rva = image.directory(DataDirectory.BASE_RELOCATION).map(DataDirectory::rva).orElse(0L);
        String section = image.sections().stream()
                .filter(s -> rva >= s.virtualAddress() && rva < s.virtualAddress() + Math.max(s.virtualSize(), s.sizeOfRawData()))
                .map(Section::number).findFirst().map(Columns::hex).orElse("?");
        out.append("BASE RELOCATIONS #").append(section).append('\n');
        for (BaseRelocations.Block block : relocations.blocks()) {
            out.appendHexRight(block.pageRva(), 8).append(" RVA, ").appendHexRight(block.sizeOfBlock(), 8).append(" SizeOfBlock\n");
            for (BaseRelocations.Entry e : block.entries()) {
                String name = e.type() < NAMES.length ? NAMES[e.type()] : "TYPE" + e.type();
                out.appendHexRight(e.offset(), 8).append("  ").append(name).append('\n');
            }
            out.append('\n');
        }
    }
}
