package pescope.report;

import java.util.EnumSet;
import java.util.Set;
import pescope.pe.Directory;
import pescope.pe.FileFact;
import pescope.pe.PeImage;

/**
 * The registry of dump's text blocks, in the order they print: the option that asks for each,
 * its help line, the directories it needs read, and its renderer. The dump command's switches
 * and the directories it reads are derived from these rows.
 */
public enum TextBlock {
    HEADERS("headers", "File header, optional header, data directories, section headers and the debug directory.",
            EnumSet.of(Directory.DEBUG), HeaderText::append),
    DEPENDENTS("dependents", "Names of the DLLs the image imports, and those it delay-loads.",
            EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT), ImportText::appendDependents),
    // dumpbin's order: dependents, then exports, then imports.
    EXPORTS("exports", "Exported functions, with forwarders and NONAME exports.",
            EnumSet.of(Directory.EXPORT), ExportText::append),
    IMPORTS("imports", "Imported DLLs and functions, delay-load imports, bound imports.",
            EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT, Directory.BOUND_IMPORT), (image, out) -> {
                ImportText.appendImports(image, out);
                BoundImportText.append(image, out);
            }),
    PDBPATH("pdbpath", "The PDB file the debug directory names.",
            EnumSet.of(Directory.DEBUG), built(DebugText::appendPdbPath)),
    LOADCONFIG("loadconfig", "Load configuration: security cookie, SafeSEH and Control Flow Guard fields.",
            EnumSet.of(Directory.LOAD_CONFIG), built(LoadConfigText::append)),
    TLS("tls", "Thread-local storage directory and its callbacks.",
            EnumSet.of(Directory.TLS), built(TlsText::append)),
    PDATA("pdata", "Exception directory (x64 and ARM64 function table).",
            EnumSet.of(Directory.EXCEPTION), ExceptionText::append),
    RELOCATIONS("relocations", "Base relocations, block by block.",
            EnumSet.of(Directory.BASE_RELOCATION), RelocationText::append),
    RESOURCES("resources", "Resource tree, version information and manifests.",
            EnumSet.of(Directory.RESOURCE), ResourceText::append),
    RICH("rich", "Rich header: the build tools (product id, build, count) and its checksum.",
            EnumSet.noneOf(Directory.class), EnumSet.of(FileFact.RICH_HEADER), FileFactsText::appendRich),
    HASHES("hashes", "md5, sha1, sha256, imphash, section entropy, checksum, overlay and certificates (reads the whole file).",
            EnumSet.of(Directory.IMPORT, Directory.CERTIFICATES), EnumSet.of(FileFact.OVERLAY, FileFact.HASHES),
            FileFactsText::appendHashes),
    SIGNATURE("signature", "Authenticode signatures: digest algorithm, signed and computed digests, signer, time stamp.",
            EnumSet.of(Directory.CERTIFICATES), EnumSet.of(FileFact.SIGNATURES), SignatureText::append),
    CLR_HEADER("clrheader", "The .NET runtime (CLR) header, in dumpbin's layout.",
            EnumSet.of(Directory.COM_DESCRIPTOR), ClrText::appendHeader),
    ASSEMBLY_REFS("assemblyrefs", ".NET: the assembly's identity, the assemblies and native modules it references.",
            EnumSet.of(Directory.COM_DESCRIPTOR), ClrText::appendAssemblyRefs),
    PINVOKE("pinvoke", ".NET: every P/Invoke (ImplMap row): module, entry point, CharSet, calling convention, method.",
            EnumSet.of(Directory.COM_DESCRIPTOR), ClrText::appendPInvokes);

    /** A renderer that builds its block in a StringBuilder first (the debug, load-config and TLS blocks: a few lines each). */
    private static Renderer built(java.util.function.BiConsumer<StringBuilder, PeImage> block) {
        return (image, out) -> {
            StringBuilder text = new StringBuilder();
            block.accept(text, image);
            out.append(text);
        };
    }

    /** Writes one block of one image. */
    @FunctionalInterface
    public interface Renderer {
        void render(PeImage image, TextOut out);
    }

    private final String option;
    private final String description;
    private final Set<Directory> directories;
    private final Set<FileFact> facts;
    private final Renderer renderer;

    TextBlock(String option, String description, Set<Directory> directories, Renderer renderer) {
        this(option, description, directories, EnumSet.noneOf(FileFact.class), renderer);
    }

    TextBlock(String option, String description, Set<Directory> directories, Set<FileFact> facts, Renderer renderer) {
        this.option = option;
        this.description = description;
        this.directories = directories;
        this.facts = facts;
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

    /** The whole-file facts a set of blocks needs. */
    public static Set<FileFact> factsFor(Set<TextBlock> blocks) {
        Set<FileFact> needed = EnumSet.noneOf(FileFact.class);
        blocks.forEach(b -> needed.addAll(b.facts));
        return needed;
    }

    /** The directories a set of blocks needs. */
    public static Set<Directory> directoriesFor(Set<TextBlock> blocks) {
        Set<Directory> needed = EnumSet.noneOf(Directory.class);
        blocks.forEach(b -> needed.addAll(b.directories));
        return needed;
    }
}
