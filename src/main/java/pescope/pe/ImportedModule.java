package pescope.pe;

import java.util.List;

/**
 * A DLL that an image imports, in import-directory order, with its symbols in file order
 * (duplicates kept as in the file).
 */
public record ImportedModule(String dllName, List<ImportedSymbol> symbols, boolean delayLoaded, ImportTables tables) {
    public ImportedModule {
        symbols = List.copyOf(symbols);
    }
}
