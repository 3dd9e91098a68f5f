package pescope.pe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pescope.format.HintName;
import pescope.format.ImportLookupEntry32;
import pescope.format.ImportLookupEntry64;
import pescope.pe.Anomaly.Kind;

/**
 * Reads import lookup tables for the import and delay-import readers, which share one instance
 * per parse ({@link ParseContext#shared}): one symbol budget for both directories, and tables
 * that several descriptors name are read once.
 */
final class ImportSymbols {

    /** pefile's MAX_IMPORT_SYMBOLS: symbols read from one lookup table. */
    static final int MAX_IMPORT_SYMBOLS = 0x2000;
    /** Symbols read from all import tables together, so repeated tables cannot multiply the work. */
    static final int MAX_TOTAL_IMPORT_SYMBOLS = 0x40000;

    private int importSymbolsRead;
    /**
     * {@link #MAX_TOTAL_IMPORT_SYMBOLS}, or fewer in a small file: every symbol an image imports
     * has a lookup entry of its own in the file, so more symbols than entries fit in the file
     * means tables that overlap or repeat, read again and again.
     */
    private final int maxTotalImportSymbols;
    /** Symbol lists by the tables they were read from: a directory that repeats tables costs nothing more. */
    private final Map<SymbolTables, List<ImportedSymbol>> symbolsByTables = new HashMap<>();
    private int descriptorsRepeatingTables;

    private record SymbolTables(long lookupTableRva, long addressTableRva) {
        // Written out: a record's own equals and hashCode are bound at their first call through
        // the ObjectMethods bootstrap, whose method handles cost the first file ~10 ms.
        @Override
        public boolean equals(Object other) {
            return other instanceof SymbolTables tables
                    && tables.lookupTableRva == lookupTableRva && tables.addressTableRva == addressTableRva;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(lookupTableRva) * 31 + Long.hashCode(addressTableRva);
        }
    }

    private ImportSymbols(ParseContext context) {
        this.maxTotalImportSymbols = (int) Math.min(MAX_TOTAL_IMPORT_SYMBOLS, context.fileSize() / (context.isPe32Plus() ? 8 : 4));
    }

    /** The instance this parse shares. */
    static ImportSymbols of(ParseContext context) {
        return context.shared(ImportSymbols.class, () -> new ImportSymbols(context));
    }

    /**
     * The symbols of a pair of tables, read only the first time a descriptor names them. A
     * directory whose descriptors repeat (hostile, or a table whose terminator is gone) would
     * otherwise read the same tables thousands of times; the repeats still count towards
     * the total limit, so the model never holds more symbols than that.
     */
    List<ImportedSymbol> readSymbolsOnce(ParseContext context, String dll, long lookupTableRva, long addressTableRva) {
        SymbolTables tables = new SymbolTables(lookupTableRva, addressTableRva);
        List<ImportedSymbol> earlier = symbolsByTables.get(tables);
        if (earlier == null) {
            List<ImportedSymbol> symbols = List.copyOf(readSymbols(context, dll, lookupTableRva, addressTableRva));
            symbolsByTables.put(tables, symbols);
            return symbols;
        }
        descriptorsRepeatingTables++;
        int room = maxTotalImportSymbols - importSymbolsRead;
        if (earlier.size() > room) {
            context.anomalyAtRva(Kind.IMPORT_TABLE_TOO_LONG, lookupTableRva, Anomaly.Location.UNKNOWN,
                    "imports from %s: stopped after %d symbols (%d in all)", dll, room, maxTotalImportSymbols);
            earlier = List.copyOf(earlier.subList(0, room));
        }
        importSymbolsRead += earlier.size();
        return earlier;
    }

    /** Reports, once per directory, descriptors that repeated tables read before. */
    void reportRepeatedTables(ParseContext context, String directory) {
        if (descriptorsRepeatingTables > 0) {
            context.anomaly(Kind.DIRECTORY_LOOP,
                    "%s: %d descriptors name lookup and address tables an earlier descriptor named; read once",
                    directory, descriptorsRepeatingTables);
        }
        descriptorsRepeatingTables = 0;
    }

    /** Reads a lookup table up to its zero entry; the address table gives each slot's value. */
    private List<ImportedSymbol> readSymbols(ParseContext context, String dll, long lookupTableRva, long addressTableRva) {
        int width = context.isPe32Plus() ? 8 : 4;
        List<ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; ; i++) {
            long rva = lookupTableRva + (long) i * width;
            Thunk thunk = readThunk(context, rva);
            if (thunk == null) {
                context.anomaly(Kind.IMPORT_TABLE_DAMAGED,
                        "imports from %s: lookup entry %d at RVA 0x%X is not in the file; %d symbols read", dll, i, rva, i);
                break;
            }
            if (thunk.isEnd()) {
                break;
            }
            if (i == MAX_IMPORT_SYMBOLS || importSymbolsRead >= maxTotalImportSymbols || context.nameBudgetSpent()) {
                context.anomalyAtRva(Kind.IMPORT_TABLE_TOO_LONG, rva, width,
                        "imports from %s: stopped after %d symbols (%d in all)", dll, i, importSymbolsRead);
                break;
            }
            importSymbolsRead++;
            Thunk slot = addressTableRva == 0 ? null : readThunk(context, addressTableRva + (long) i * width);
            long slotValue = slot == null ? 0 : slot.value();
            if (thunk.isOrdinal()) {
                symbols.add(new ImportedSymbol.ByOrdinal(thunk.ordinal(), slotValue));
                continue;
            }
            HintName hintName = context.parseAtRvaUpTo(thunk.hintNameRva(), 2 + ParseContext.MAX_NAME_LENGTH, HintName::new);
            String name = hintName == null ? null : NameDecoding.decode(hintName.name());
            if (name == null || name.isEmpty()) {
                context.anomalyAtRva(Kind.IMPORT_NAME_DAMAGED, rva, width,
                        "imports from %s: entry %d names RVA 0x%X, which holds no name; skipped", dll, i, thunk.hintNameRva());
                continue;
            }
            context.checkNameLength(name, context.mapRvaToOffset(thunk.hintNameRva()) + 2, ParseContext.MAX_NAME_LENGTH);
            context.chargeName(name);
            symbols.add(new ImportedSymbol.ByName(name, hintName.hint(), slotValue));
        }
        return symbols;
    }

    /** One lookup-table entry in either width. */
    private record Thunk(long value, boolean isEnd, boolean isOrdinal, int ordinal, long hintNameRva) {}

    private static Thunk readThunk(ParseContext context, long rva) {
        if (context.isPe32Plus()) {
            ImportLookupEntry64 e = context.parseAtRva(rva, 8, ImportLookupEntry64::new);
            return e == null ? null
                    : new Thunk((e.high() << 32) | e.low(), e.isEnd(), e.isOrdinal(), e.ordinal(), e.hintNameRva());
        }
        ImportLookupEntry32 e = context.parseAtRva(rva, 4, ImportLookupEntry32::new);
        return e == null ? null : new Thunk(e.value(), e.isEnd(), e.isOrdinal(), e.ordinal(), e.hintNameRva());
    }
}
