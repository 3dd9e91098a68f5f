package pescope.report;

import java.util.EnumSet;
import java.util.Set;
import pescope.pe.Directory;
import pescope.pe.PeImage;

/**
 * The registry of dump's text blocks, in the order they print: the option that asks for each,
 * its help line, the directories it needs read, and its renderer. The dump command's switches
 * and the directories it reads are derived from these rows.
 */
public enum TextBlock {
    HEADERS("headers", "File header, optional header, data directories and section headers.",
            EnumSet.noneOf(Directory.class), HeaderText::append),
    DEPENDENTS("dependents", "Names of the DLLs the image imports, and those it delay-loads.",
            EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT), ImportText::appendDependents),
    IMPORTS("imports", "Imported DLLs and functions, delay-load imports, bound imports.",
            EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT, Directory.BOUND_IMPORT), (image, out) -> {
                ImportText.appendImports(image, out);
                BoundImportText.append(image, out);
            }),
    EXPORTS("exports", "Exported functions, with forwarders and NONAME exports.",
            EnumSet.of(Directory.EXPORT), ExportText::append);

    /** Writes one block of one image. */
    @FunctionalInterface
    public interface Renderer {
        void render(PeImage image, TextOut out);
    }

    private final String option;
    private final String description;
    private final Set<Directory> directories;
    private final Renderer renderer;

    TextBlock(String option, String description, Set<Directory> directories, Renderer renderer) {
        this.option = option;
        this.description = description;
        this.directories = directories;
        this.renderer = renderer;
    }

    /** The switch's name without dashes ("imports" for {@code --imports}). */
    public String option() {
        return option;
    }

    public String description() {
        return description;
    }

    /** The directories the block shows, which the reader must read for it. */
    public Set<Directory> directories() {
        return EnumSet.copyOf(directories.isEmpty() ? EnumSet.noneOf(Directory.class) : directories);
    }

    void render(PeImage image, TextOut out) {
        renderer.render(image, out);
    }

    /** The directories a set of blocks needs. */
    public static Set<Directory> directoriesFor(Set<TextBlock> blocks) {
        Set<Directory> needed = EnumSet.noneOf(Directory.class);
        blocks.forEach(b -> needed.addAll(b.directories));
        return needed;
    }
}
