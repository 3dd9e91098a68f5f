package pescope.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.FileHeader;
import pescope.pe.ImportTables;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.Machine;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;

/**
 * A {@link PeImage} made in memory, with only what dependency resolution looks at: name, machine,
 * imports, delay imports and exports. Symbols are written as in a report: "foo" by name, "#7" by
 * ordinal.
 */
public final class ImageBuilder {

    private final String name;
    private final boolean dll;
    private Machine machine = Machine.AMD64;
    private final List<ImportedModule> imports = new ArrayList<>();
    private final List<ImportedModule> delayImports = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private long nextOrdinal = 1;
    private long sizeOfImage = 0x10000;

    private ImageBuilder(String name, boolean dll) {
        this.name = name;
        this.dll = dll;
    }

    public static ImageBuilder dll(String name) {
        return new ImageBuilder(name, true);
    }

    public static ImageBuilder exe(String name) {
        return new ImageBuilder(name, false);
    }

    public ImageBuilder machine(Machine machine) {
        this.machine = machine;
        return this;
    }

    public ImageBuilder sizeOfImage(long size) {
        this.sizeOfImage = size;
        return this;
    }

    /** One import descriptor for {@code dll} with the given symbols, in that order. */
    public ImageBuilder imports(String dll, String... symbols) {
        imports.add(new ImportedModule(dll, symbols(symbols), false, ImportTables.plain(0, 0, 0, 0)));
        return this;
    }

    public ImageBuilder delayImports(String dll, String... symbols) {
        delayImports.add(new ImportedModule(dll, symbols(symbols), true, ImportTables.plain(0, 0, 0, 0)));
        return this;
    }

    /** Named exports at the next ordinals. */
    public ImageBuilder exports(String... names) {
        for (String exportName : names) {
            exports.add(new Export(nextOrdinal++, exportName, exports.size(), 0x1000 + nextOrdinal * 0x10, null));
        }
        return this;
    }

    /** An export by ordinal only (NONAME). */
    public ImageBuilder exportsOrdinal(long ordinal) {
        exports.add(new Export(ordinal, null, -1, 0x1000 + ordinal * 0x10, null));
        nextOrdinal = Math.max(nextOrdinal, ordinal + 1);
        return this;
    }

    /** A named export forwarded to "DLL.name" or "DLL.#n". */
    public ImageBuilder forwards(String exportName, String forwarder) {
        exports.add(new Export(nextOrdinal++, exportName, exports.size(), 0x3000, forwarder));
        return this;
    }

    public PeImage build() {
        FileHeader fileHeader = new FileHeader(machine.code(), 1, 0, 0, 0, 0xF0,
                FileHeader.EXECUTABLE_IMAGE | (dll ? FileHeader.DLL : 0));
        OptionalHeader.Version v = new OptionalHeader.Version(6, 0);
        OptionalHeader optional = new OptionalHeader(OptionalHeader.PE32_PLUS_MAGIC, 14, 0, 0x1000, 0x1000, 0,
                0x1000, 0x1000, null, dll ? 0x180000000L : 0x140000000L, 0x1000, 0x200, v, v, v, 0, sizeOfImage,
                0x400, 0, 3, 0, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16);
        Optional<ExportDirectory> exportDirectory = exports.isEmpty() ? Optional.empty()
                : Optional.of(new ExportDirectory(name, 0, 0, new OptionalHeader.Version(0, 0), 1, exports.size(),
                        exports.stream().filter(e -> e.name() != null).count(), 0, 0, 0, exports));
        return new PeImage(name, 0x400, 0x80, fileHeader, optional, List.of(), List.of(), imports, delayImports,
                List.of(), exportDirectory, List.of());
    }

    private static List<ImportedSymbol> symbols(String... symbols) {
        List<ImportedSymbol> result = new ArrayList<>();
        for (String symbol : symbols) {
            result.add(symbol.startsWith("#")
                    ? new ImportedSymbol.ByOrdinal(Integer.parseInt(symbol.substring(1)), 0)
                    : new ImportedSymbol.ByName(symbol, 0, 0));
        }
        return result;
    }
}
