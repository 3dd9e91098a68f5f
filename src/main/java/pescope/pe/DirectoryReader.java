package pescope.pe;

import io.kaitai.struct.KaitaiStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import pescope.format.BoundImportEntry;
import pescope.format.DelayLoadDescriptor;
import pescope.format.HintName;
import pescope.format.ImportDescriptor;
import pescope.format.ImportLookupEntry32;
import pescope.format.ImportLookupEntry64;
import pescope.format.U2Table;
import pescope.format.U4Table;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the import, delay-import, bound-import and export directories through the RVA mapper.
 * Every count read from the file is bounded before it sizes a loop, every pointer is checked
 * against the file, and a damaged entry is skipped with an anomaly so the intact ones survive.
 */
final class DirectoryReader {

    /** pefile's MAX_IMPORT_SYMBOLS: symbols read from one lookup table. */
    static final int MAX_IMPORT_SYMBOLS = 0x2000;
    /** Symbols read from all import tables together, so repeated tables cannot multiply the work. */
    static final int MAX_TOTAL_IMPORT_SYMBOLS = 0x40000;
    /** Descriptors read from one import or delay-import directory. */
    static final int MAX_IMPORTED_MODULES = 0x1000;
    /** pefile's MAX_DLL_LENGTH and MAX_IMPORT_NAME_LENGTH. */
    static final int MAX_NAME_LENGTH = 0x200;
    /** Exports read unless the directory is large enough to hold more. */
    static final int MAX_EXPORTS = 0x10000;
    /** Exports read even when the directory size vouches for more. */
    static final int MAX_EXPORTS_ABSOLUTE = 0x100000;
    /** Entries (descriptors and forwarder references) read from the bound import directory. */
    static final int MAX_BOUND_ENTRIES = 0x1000;

    private static final int IMPORT_DESCRIPTOR_SIZE = 20;
    private static final int DELAY_DESCRIPTOR_SIZE = 32;
    private static final int BOUND_ENTRY_SIZE = 8;
    private static final int EXPORT_DIRECTORY_SIZE = 40;

    private final ImageBytes bytes;
    private final RvaMapper mapper;
    private final OptionalHeader header;
    private final List<DataDirectory> directories;
    private final Anomalies anomalies;
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

    private record SymbolTables(long lookupTableRva, long addressTableRva) {}

    DirectoryReader(ImageBytes bytes, RvaMapper mapper, OptionalHeader header, List<DataDirectory> directories,
            Anomalies anomalies) {
        this.bytes = bytes;
        this.mapper = mapper;
        this.header = header;
        this.directories = directories;
        this.anomalies = anomalies;
        this.maxTotalImportSymbols = (int) Math.min(MAX_TOTAL_IMPORT_SYMBOLS, bytes.size() / (header.isPe32Plus() ? 8 : 4));
    }

    // ---- imports -------------------------------------------------------------------------

    List<ImportedModule> readImports() {
        Optional<DataDirectory> directory = present(DataDirectory.IMPORT);
        if (directory.isEmpty()) {
            return List.of();
        }
        List<ImportedModule> modules = new ArrayList<>();
        walkDescriptors("import directory", directory.get().rva(), IMPORT_DESCRIPTOR_SIZE, ImportDescriptor::new,
                ImportDescriptor::isTerminator, Kind.IMPORT_DIRECTORY_DAMAGED, Kind.IMPORT_DIRECTORY_UNTERMINATED,
                (i, rva, descriptor) -> {
                    if (i == 0 && isInHeaders(rva)) {
                        anomalies.add(Kind.IMPORT_DESCRIPTOR_IN_HEADERS,
                                "import descriptors at RVA 0x%X lie in the headers", rva);
                    }
                    readImportDescriptor(i, descriptor).ifPresent(modules::add);
                });
        reportRepeatedTables("import directory");
        return modules;
    }

    /** What to do with each descriptor of a table: its index, its RVA and the descriptor. */
    private interface DescriptorVisitor<D> {
        void visit(int index, long rva, D descriptor);
    }

    /**
     * Walks a table of fixed-size descriptors up to its terminator. A descriptor that is not in
     * the file ends the walk ({@code damaged} when it is the first, {@code unterminated} after
     * that), and so does {@link #MAX_IMPORTED_MODULES} descriptors without a terminator.
     */
    private <D> void walkDescriptors(String table, long start, int size, Function<KaitaiStream, D> parser,
            Predicate<D> isTerminator, Kind damaged, Kind unterminated, DescriptorVisitor<D> visitor) {
        for (int i = 0; ; i++) {
            long rva = start + (long) i * size;
            D descriptor = parseAtRva(rva, size, parser);
            if (descriptor == null) {
                anomalies.add(i == 0 ? damaged : unterminated,
                        "%s: descriptor %d at RVA 0x%X is not in the file; %d read", table, i, rva, i);
                return;
            }
            if (isTerminator.test(descriptor)) {
                return;
            }
            if (i == MAX_IMPORTED_MODULES) {
                anomalies.add(unterminated, "%s: stopped after %d descriptors without a null descriptor", table, i);
                return;
            }
            visitor.visit(i, rva, descriptor);
        }
    }

    private Optional<ImportedModule> readImportDescriptor(int index, ImportDescriptor d) {
        String dll = readNameAtRva(d.nameRva());
        if (dll == null || dll.isEmpty()) {
            anomalies.add(Kind.IMPORT_DESCRIPTOR_DAMAGED,
                    "import descriptor %d: DLL name at RVA 0x%X is not readable; descriptor skipped", index, d.nameRva());
            return Optional.empty();
        }
        long lookupTable = d.importLookupTableRva();
        if (lookupTable == 0 || mapper.mapRvaToOffset(lookupTable) == RvaMapper.NOT_IN_FILE) {
            // Old Borland-style images have only the address table, which then holds the names.
            anomalies.add(Kind.IAT_ONLY_IMPORTS,
                    "imports from %s: no usable lookup table (0x%X); names read from the address table", dll, lookupTable);
            lookupTable = d.importAddressTableRva();
        }
        List<ImportedSymbol> symbols = readSymbolsOnce(dll, lookupTable, d.importAddressTableRva());
        return Optional.of(new ImportedModule(dll, symbols, false,
                ImportTables.plain(d.importAddressTableRva(), d.importLookupTableRva(), d.timeDateStamp(), d.forwarderChain())));
    }

    /**
     * The symbols of a pair of tables, read only the first time a descriptor names them. A
     * directory whose descriptors repeat (hostile, or a table whose terminator is gone) would
     * otherwise read the same tables thousands of times; the repeats still count towards
     * the total limit, so the model never holds more symbols than that.
     */
    private List<ImportedSymbol> readSymbolsOnce(String dll, long lookupTableRva, long addressTableRva) {
        SymbolTables tables = new SymbolTables(lookupTableRva, addressTableRva);
        List<ImportedSymbol> earlier = symbolsByTables.get(tables);
        if (earlier == null) {
            List<ImportedSymbol> symbols = List.copyOf(readSymbols(dll, lookupTableRva, addressTableRva));
            symbolsByTables.put(tables, symbols);
            return symbols;
        }
        descriptorsRepeatingTables++;
        int room = maxTotalImportSymbols - importSymbolsRead;
        if (earlier.size() > room) {
            anomalies.add(Kind.IMPORT_TABLE_TOO_LONG,
                    "imports from %s: stopped after %d symbols (%d in all)", dll, room, maxTotalImportSymbols);
            earlier = List.copyOf(earlier.subList(0, room));
        }
        importSymbolsRead += earlier.size();
        return earlier;
    }

    private void reportRepeatedTables(String directory) {
        if (descriptorsRepeatingTables > 0) {
            anomalies.add(Kind.DIRECTORY_LOOP,
                    "%s: %d descriptors name lookup and address tables an earlier descriptor named; read once",
                    directory, descriptorsRepeatingTables);
        }
        descriptorsRepeatingTables = 0;
    }

    /** Reads a lookup table up to its zero entry; the address table gives each slot's value. */
    private List<ImportedSymbol> readSymbols(String dll, long lookupTableRva, long addressTableRva) {
        int width = header.isPe32Plus() ? 8 : 4;
        List<ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; ; i++) {
            long rva = lookupTableRva + (long) i * width;
            Thunk thunk = readThunk(rva);
            if (thunk == null) {
                anomalies.add(Kind.IMPORT_TABLE_DAMAGED,
                        "imports from %s: lookup entry %d at RVA 0x%X is not in the file; %d symbols read", dll, i, rva, i);
                break;
            }
            if (thunk.isEnd()) {
                break;
            }
            if (i == MAX_IMPORT_SYMBOLS || importSymbolsRead >= maxTotalImportSymbols) {
                anomalies.add(Kind.IMPORT_TABLE_TOO_LONG,
                        "imports from %s: stopped after %d symbols (%d in all)", dll, i, importSymbolsRead);
                break;
            }
            importSymbolsRead++;
            Thunk slot = addressTableRva == 0 ? null : readThunk(addressTableRva + (long) i * width);
            long slotValue = slot == null ? 0 : slot.value();
            if (thunk.isOrdinal()) {
                symbols.add(new ImportedSymbol.ByOrdinal(thunk.ordinal(), slotValue));
                continue;
            }
            HintName hintName = parseAtRvaUpTo(thunk.hintNameRva(), 2 + MAX_NAME_LENGTH, HintName::new);
            String name = hintName == null ? null : NameDecoding.decode(hintName.name());
            if (name == null || name.isEmpty()) {
                anomalies.add(Kind.IMPORT_NAME_DAMAGED,
                        "imports from %s: entry %d names RVA 0x%X, which holds no name; skipped", dll, i, thunk.hintNameRva());
                continue;
            }
            checkNameLength(name, mapper.mapRvaToOffset(thunk.hintNameRva()) + 2, MAX_NAME_LENGTH);
            symbols.add(new ImportedSymbol.ByName(name, hintName.hint(), slotValue));
        }
        return symbols;
    }

    /** One lookup-table entry in either width. */
    private record Thunk(long value, boolean isEnd, boolean isOrdinal, int ordinal, long hintNameRva) {}

    private Thunk readThunk(long rva) {
        if (header.isPe32Plus()) {
            ImportLookupEntry64 e = parseAtRva(rva, 8, ImportLookupEntry64::new);
            return e == null ? null
                    : new Thunk((e.high() << 32) | e.low(), e.isEnd(), e.isOrdinal(), e.ordinal(), e.hintNameRva());
        }
        ImportLookupEntry32 e = parseAtRva(rva, 4, ImportLookupEntry32::new);
        return e == null ? null : new Thunk(e.value(), e.isEnd(), e.isOrdinal(), e.ordinal(), e.hintNameRva());
    }

    // ---- delay imports -------------------------------------------------------------------

    List<ImportedModule> readDelayImports() {
        Optional<DataDirectory> directory = present(DataDirectory.DELAY_IMPORT);
        if (directory.isEmpty()) {
            return List.of();
        }
        List<ImportedModule> modules = new ArrayList<>();
        walkDescriptors("delay import directory", directory.get().rva(), DELAY_DESCRIPTOR_SIZE, DelayLoadDescriptor::new,
                DelayLoadDescriptor::isTerminator, Kind.DELAY_IMPORT_DIRECTORY_DAMAGED, Kind.DELAY_IMPORT_DIRECTORY_DAMAGED,
                (i, rva, descriptor) -> readDelayDescriptor(i, descriptor).ifPresent(modules::add));
        reportRepeatedTables("delay import directory");
        return modules;
    }

    private Optional<ImportedModule> readDelayDescriptor(int index, DelayLoadDescriptor d) {
        // Visual C++ 6 wrote virtual addresses and left bit 0 clear.
        long bias = 0;
        if (!d.usesRvas()) {
            bias = header.imageBase();
            anomalies.add(Kind.DELAY_IMPORT_VA_FORM,
                    "delay import descriptor %d uses virtual addresses (old form); converted with image base 0x%X",
                    index, bias);
        }
        ImportTables tables = new ImportTables(d.attributes(), rva(d.moduleHandleRva(), bias),
                rva(d.importAddressTableRva(), bias), rva(d.importNameTableRva(), bias),
                rva(d.boundImportAddressTableRva(), bias), rva(d.unloadInformationTableRva(), bias),
                d.timeDateStamp(), 0);
        String dll = readNameAtRva(rva(d.dllNameRva(), bias));
        if (dll == null || dll.isEmpty()) {
            anomalies.add(Kind.DELAY_IMPORT_DIRECTORY_DAMAGED,
                    "delay import descriptor %d: DLL name at RVA 0x%X is not readable; descriptor skipped",
                    index, d.dllNameRva());
            return Optional.empty();
        }
        List<ImportedSymbol> symbols = readSymbolsOnce(dll, tables.importNameTableRva(), tables.importAddressTableRva());
        return Optional.of(new ImportedModule(dll, symbols, true, tables));
    }

    private static long rva(long value, long bias) {
        return value == 0 ? 0 : (value - bias) & 0xFFFFFFFFL;
    }

    // ---- bound imports -------------------------------------------------------------------

    List<BoundImport> readBoundImports() {
        Optional<DataDirectory> directory = present(DataDirectory.BOUND_IMPORT);
        if (directory.isEmpty()) {
            return List.of();
        }
        // The bound import directory lives in the headers, where RVA and file offset agree.
        long start = directory.get().rva();
        List<BoundImport> bound = new ArrayList<>();
        int entry = 0;
        while (true) {
            BoundImportEntry descriptor = parseAtOffset(start + (long) entry * BOUND_ENTRY_SIZE, BOUND_ENTRY_SIZE, BoundImportEntry::new);
            if (descriptor == null) {
                anomalies.add(Kind.BOUND_IMPORT_DIRECTORY_DAMAGED,
                        "bound import directory: entry %d is past the end of the file", entry);
                return bound;
            }
            if (descriptor.isTerminator()) {
                return bound;
            }
            if (entry == MAX_BOUND_ENTRIES) {
                anomalies.add(Kind.BOUND_IMPORT_DIRECTORY_DAMAGED,
                        "bound import directory: stopped after %d entries without a null entry", MAX_BOUND_ENTRIES);
                return bound;
            }
            entry++;
            List<BoundImport.Forwarder> forwarders = new ArrayList<>();
            for (int f = 0; f < descriptor.numberOfModuleForwarderRefs() && entry < MAX_BOUND_ENTRIES; f++, entry++) {
                BoundImportEntry ref = parseAtOffset(start + (long) entry * BOUND_ENTRY_SIZE, BOUND_ENTRY_SIZE, BoundImportEntry::new);
                if (ref == null) {
                    break;
                }
                forwarders.add(new BoundImport.Forwarder(boundName(start, ref), ref.timeDateStamp()));
            }
            bound.add(new BoundImport(boundName(start, descriptor), descriptor.timeDateStamp(), forwarders));
        }
    }

    private String boundName(long directoryStart, BoundImportEntry entry) {
        String name = readName(directoryStart + entry.ofsModuleName());
        return name == null ? "" : name;
    }

    // ---- exports -------------------------------------------------------------------------

    Optional<ExportDirectory> readExports() {
        Optional<DataDirectory> directory = present(DataDirectory.EXPORT);
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        DataDirectory dir = directory.get();
        pescope.format.ExportDirectory raw = parseAtRva(dir.rva(), EXPORT_DIRECTORY_SIZE, pescope.format.ExportDirectory::new);
        if (raw == null) {
            anomalies.add(Kind.EXPORT_DIRECTORY_DAMAGED,
                    "export directory at RVA 0x%X is not in the file", dir.rva());
            return Optional.empty();
        }
        String name = readNameAtRva(raw.nameRva());
        if (name == null) {
            anomalies.add(Kind.EXPORT_NAME_DAMAGED, "export directory: module name at RVA 0x%X is not readable", raw.nameRva());
            name = "";
        }
        long[] addresses = readU4Table("export address table", raw.addressTableRva(),
                boundedExportCount("NumberOfFunctions", raw.numberOfFunctions(), dir));
        long[] namePointers = readU4Table("export name pointer table", raw.namePointerTableRva(),
                boundedExportCount("NumberOfNames", raw.numberOfNames(), dir));
        int[] nameOrdinals = readU2Table(raw.ordinalTableRva(), namePointers.length);
        List<Export> exports = new ArrayList<>();
        boolean[] named = new boolean[addresses.length];
        for (int i = 0; i < namePointers.length && i < nameOrdinals.length; i++) {
            int index = nameOrdinals[i];
            String exportName = readNameAtRva(namePointers[i]);
            if (exportName == null || index >= addresses.length) {
                anomalies.add(Kind.EXPORT_NAME_DAMAGED,
                        "export name %d (RVA 0x%X, function index %d) is not readable or not in the address table; skipped",
                        i, namePointers[i], index);
                continue;
            }
            named[index] = true;
            exports.add(export(raw.ordinalBase() + index, exportName, i, addresses[index], dir));
        }
        for (int index = 0; index < addresses.length; index++) {
            // A zero address is a gap in the ordinal range, not an export.
            if (!named[index] && addresses[index] != 0) {
                exports.add(export(raw.ordinalBase() + index, null, -1, addresses[index], dir));
            }
        }
        return Optional.of(new ExportDirectory(name, raw.characteristics(), raw.timeDateStamp(),
                new OptionalHeader.Version(raw.majorVersion(), raw.minorVersion()), raw.ordinalBase(),
                raw.numberOfFunctions(), raw.numberOfNames(), raw.addressTableRva(), raw.namePointerTableRva(),
                raw.ordinalTableRva(), exports));
    }

    /** An address inside the export directory is not code but a "DLL.Symbol" forwarder string. */
    private Export export(long ordinal, String name, int hint, long rva, DataDirectory dir) {
        if (rva >= dir.rva() && rva < dir.rva() + dir.size()) {
            String forwarder = readNameAtRva(rva);
            if (forwarder != null && !forwarder.isEmpty()) {
                return new Export(ordinal, name, hint, rva, forwarder);
            }
            anomalies.add(Kind.FORWARDER_DAMAGED,
                    "export ordinal %d: forwarder string at RVA 0x%X is not readable", ordinal, rva);
        }
        return new Export(ordinal, name, hint, rva, null);
    }

    private int boundedExportCount(String field, long declared, DataDirectory dir) {
        long limit = declared * 4 <= dir.size() ? MAX_EXPORTS_ABSOLUTE : MAX_EXPORTS;
        if (declared > limit) {
            anomalies.add(Kind.EXPORT_TABLE_TOO_LONG,
                    "export directory: %s is %d; reading the first %d", field, declared, limit);
            return (int) limit;
        }
        return (int) declared;
    }

    private long[] readU4Table(String what, long rva, int count) {
        if (count == 0) {
            return new long[0];
        }
        long offset = mapper.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (bytes.size() - offset) / 4);
        if (fits < count) {
            anomalies.add(Kind.EXPORT_DIRECTORY_DAMAGED,
                    "%s at RVA 0x%X: only %d of %d entries are in the file", what, rva, fits, count);
        }
        if (fits == 0) {
            return new long[0];
        }
        U4Table table = parseAtOffset(offset, fits * 4, io -> new U4Table(io, fits));
        return table.entries().stream().mapToLong(Long::longValue).toArray();
    }

    private int[] readU2Table(long rva, int count) {
        if (count == 0) {
            return new int[0];
        }
        long offset = mapper.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (bytes.size() - offset) / 2);
        if (fits < count) {
            anomalies.add(Kind.EXPORT_DIRECTORY_DAMAGED,
                    "export ordinal table at RVA 0x%X: only %d of %d entries are in the file", rva, fits, count);
        }
        if (fits == 0) {
            return new int[0];
        }
        U2Table table = parseAtOffset(offset, fits * 2, io -> new U2Table(io, fits));
        return table.entries().stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- placing structures --------------------------------------------------------------

    private Optional<DataDirectory> present(int index) {
        return index < directories.size() && directories.get(index).isPresent()
                ? Optional.of(directories.get(index)) : Optional.empty();
    }

    private boolean isInHeaders(long rva) {
        return mapper.sectionAt(rva) == null;
    }

    private String readNameAtRva(long rva) {
        long offset = mapper.mapRvaToOffset(rva);
        return offset == RvaMapper.NOT_IN_FILE ? null : readName(offset);
    }

    /** The name at a file offset, cut at {@link #MAX_NAME_LENGTH} bytes; null outside the file. */
    private String readName(long offset) {
        String name = bytes.readString(offset, MAX_NAME_LENGTH);
        checkNameLength(name, offset, MAX_NAME_LENGTH);
        return name;
    }

    /** Reports a name that was cut at the limit: it fills the window and no NUL follows it. */
    private void checkNameLength(String name, long offset, int limit) {
        // Bytes, not chars: a UTF-8 name is shorter in chars than the bytes it filled.
        if (name != null && bytes.contains(offset, limit) && !bytes.isTerminatedWithin(offset, limit + 1)) {
            anomalies.add(Kind.NAME_TOO_LONG,
                    "name at file offset 0x%X runs past %d bytes without a terminator; read up to there", offset, limit);
        }
    }

    /** The structure at {@code rva}, or null when its bytes are not all in the file. */
    private <T> T parseAtRva(long rva, int length, Function<KaitaiStream, T> parser) {
        long offset = mapper.mapRvaToOffset(rva);
        return offset == RvaMapper.NOT_IN_FILE ? null : parseAtOffset(offset, length, parser);
    }

    /** Like {@link #parseAtRva} for variable-length entries: the window ends at the file's end. */
    private <T> T parseAtRvaUpTo(long rva, int maxLength, Function<KaitaiStream, T> parser) {
        long offset = mapper.mapRvaToOffset(rva);
        if (offset == RvaMapper.NOT_IN_FILE || !bytes.contains(offset, 2)) {
            return null;
        }
        return parseAtOffset(offset, (int) Math.min(maxLength, bytes.size() - offset), parser);
    }

    private <T> T parseAtOffset(long offset, int length, Function<KaitaiStream, T> parser) {
        try {
            return bytes.parseAt(offset, length, parser);
        } catch (ImageBytes.TruncatedException e) {
            return null;
        }
    }
}
