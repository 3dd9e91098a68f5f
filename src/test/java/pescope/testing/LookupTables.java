package pescope.testing;

import java.util.List;

import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeLayout.ImportedSymbol.ByName;
import pescope.testing.PeLayout.ImportedSymbol.ByOrdinal;

/**
 * The parts the import and delay-import directories share: one NUL-terminated table of
 * pointer-sized thunks per DLL, the hint/name entries the thunks point to, and the DLL names.
 * Offsets are relative to the start of each area; the caller decides where the areas go.
 */
final class LookupTables {
    private static final long ORDINAL_FLAG_32 = 0x80000000L;
    private static final long ORDINAL_FLAG_64 = 0x8000000000000000L;

    private final List<ImportedDll> dlls;
    private final boolean pe32Plus;
    private final int[] tableOffsets;
    private final int tablesSize;
    private final int[][] hintNameOffsets;
    private final int hintNamesSize;
    private final int[] dllNameOffsets;
    private final int dllNamesSize;

    LookupTables(List<ImportedDll> dlls, boolean pe32Plus) {
        this.dlls = dlls;
        this.pe32Plus = pe32Plus;
        this.tableOffsets = new int[dlls.size()];
        this.hintNameOffsets = new int[dlls.size()][];
        this.dllNameOffsets = new int[dlls.size()];
        int tables = 0;
        int hintNames = 0;
        int names = 0;
        for (int d = 0; d < dlls.size(); d++) {
            List<ImportedSymbol> symbols = dlls.get(d).symbols();
            tableOffsets[d] = tables;
            tables += (symbols.size() + 1) * pointerSize();
            hintNameOffsets[d] = new int[symbols.size()];
            for (int s = 0; s < symbols.size(); s++) {
                hintNameOffsets[d][s] = hintNames;
                if (symbols.get(s) instanceof ByName byName) {
                    hintNames += evenUp(2 + byName.name().length() + 1);
                }
            }
            dllNameOffsets[d] = names;
            names += dlls.get(d).name().length() + 1;
        }
        this.tablesSize = tables;
        this.hintNamesSize = hintNames;
        this.dllNamesSize = names;
    }

    int pointerSize() {
        return pe32Plus ? 8 : 4;
    }

    int symbolCount(int dll) {
        return dlls.get(dll).symbols().size();
    }

    /** Bytes of all lookup tables together, terminators included. */
    int tablesSize() {
        return tablesSize;
    }

    int tableOffset(int dll) {
        return tableOffsets[dll];
    }

    int hintNamesSize() {
        return hintNamesSize;
    }

    int dllNamesSize() {
        return dllNamesSize;
    }

    int dllNameOffset(int dll) {
        return dllNameOffsets[dll];
    }

    /** Writes every DLL's table, starting at {@code offset}; by-name thunks hold hint/name RVAs. */
    void writeTables(ByteSink out, long offset, long hintNamesRva) {
        for (int d = 0; d < dlls.size(); d++) {
            out.at(offset + tableOffsets[d]);
            List<ImportedSymbol> symbols = dlls.get(d).symbols();
            for (int s = 0; s < symbols.size(); s++) {
                out.pointer(thunk(symbols.get(s), hintNamesRva + hintNameOffsets[d][s]), pe32Plus);
            }
            out.pointer(0, pe32Plus);
        }
    }

    void writeHintNames(ByteSink out, long offset) {
        for (int d = 0; d < dlls.size(); d++) {
            List<ImportedSymbol> symbols = dlls.get(d).symbols();
            for (int s = 0; s < symbols.size(); s++) {
                if (symbols.get(s) instanceof ByName byName) {
                    out.at(offset + hintNameOffsets[d][s]).u2(byName.hint()).asciiz(byName.name());
                }
            }
        }
    }

    void writeDllNames(ByteSink out, long offset) {
        for (int d = 0; d < dlls.size(); d++) {
            out.at(offset + dllNameOffsets[d]).asciiz(dlls.get(d).name());
        }
    }

    private long thunk(ImportedSymbol symbol, long hintNameRva) {
        if (symbol instanceof ByOrdinal byOrdinal) {
            return (pe32Plus ? ORDINAL_FLAG_64 : ORDINAL_FLAG_32) | byOrdinal.ordinal();
        }
        return hintNameRva;
    }

    // PE spec: a hint/name entry is padded to an even boundary.
    private static int evenUp(int n) {
        return (n + 1) & ~1;
    }
}
