package pescope.pe;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pescope.format.ImportLookupTable;
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
        ThunkTable lookup = new ThunkTable(context, lookupTableRva, width);
        ThunkTable addresses = addressTableRva == 0 ? null : new ThunkTable(context, addressTableRva, width);
        List<ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; ; i++) {
            long rva = lookupTableRva + (long) i * width;
            if (!lookup.has(i)) {
                context.anomaly(Kind.IMPORT_TABLE_DAMAGED,
                        "imports from %s: lookup entry %d at RVA 0x%X is not in the file; %d symbols read", dll, i, rva, i);
                break;
            }
            long thunk = lookup.value(i);
            if (thunk == 0) {
                break;
            }
            if (i == MAX_IMPORT_SYMBOLS || importSymbolsRead >= maxTotalImportSymbols || context.nameBudgetSpent()) {
                context.anomalyAtRva(Kind.IMPORT_TABLE_TOO_LONG, rva, width,
                        "imports from %s: stopped after %d symbols (%d in all)", dll, i, importSymbolsRead);
                break;
            }
            importSymbolsRead++;
            long slotValue = addresses != null && addresses.has(i) ? addresses.value(i) : 0;
            // import_lookup_entry_32/64: the top bit flags an ordinal in the low 16 bits, else the
            // low 31 bits are the RVA of a hint/name entry.
            boolean byOrdinal = width == 8 ? thunk < 0 : (thunk & 0x80000000L) != 0;
            if (byOrdinal) {
                symbols.add(new ImportedSymbol.ByOrdinal((int) (thunk & 0xFFFF), slotValue));
                continue;
            }
            long hintNameRva = thunk & 0x7FFFFFFFL;
            long hintName = context.mapRvaToOffset(hintNameRva);
            boolean hasHint = hintName != RvaMapper.NOT_IN_FILE && context.contains(hintName, 2);
            String name = hasHint ? context.bytes().readString(hintName + 2, ParseContext.MAX_NAME_LENGTH) : null;
            if (name == null || name.isEmpty()) {
                context.anomalyAtRva(Kind.IMPORT_NAME_DAMAGED, rva, width,
                        "imports from %s: entry %d names RVA 0x%X, which holds no name; skipped", dll, i, hintNameRva);
                continue;
            }
            context.checkNameLength(name, hintName + 2, ParseContext.MAX_NAME_LENGTH);
            context.chargeName(name);
            // hint_name: the u2 hint, then the name, read as ImageBytes#readString says why.
            symbols.add(new ImportedSymbol.ByName(name, context.bytes().u2At(hintName), slotValue));
        }
        return symbols;
    }

    /**
     * One lookup or address table, parsed a window of entries at a time as import_lookup_table
     * (windows of 32 entries, doubling to 1,024), where a window cannot reach past the entries
     * that lie one after another in the file. An entry that is not in the file is reported
     * missing, as when each entry was placed by its own RVA.
     */
    private static final class ThunkTable {
        private static final int FIRST_WINDOW = 32;
        private static final int LARGEST_WINDOW = 1024;

        private final ParseContext context;
        private final long rva;
        private final int width;
        private ByteBuffer window;
        private int first;
        private int count;
        private int nextWindow = FIRST_WINDOW;

        ThunkTable(ParseContext context, long rva, int width) {
            this.context = context;
            this.rva = rva;
            this.width = width;
        }

        /** Whether entry {@code i} is in the file; entries are asked for in ascending order. */
        boolean has(int i) {
            if (i >= first && i < first + count) {
                return true;
            }
            long at = rva + (long) i * width;
            int n = context.entriesInOneWindow(at, width, nextWindow);
            if (n == 0) {
                return false;
            }
            nextWindow = Math.min(2 * nextWindow, LARGEST_WINDOW);
            ImportLookupTable table = context.parseAtRva(at, n * width, io -> new ImportLookupTable(io, n, width));
            window = ImageBytes.littleEndian(table.entries());
            first = i;
            count = n;
            return true;
        }

        /** Entry {@code i}, which {@link #has} found: a u4, or a u8 as a signed long. */
        long value(int i) {
            int at = (i - first) * width;
            return width == 8 ? window.getLong(at) : Integer.toUnsignedLong(window.getInt(at));
        }
    }
}
