package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.ImportDescriptor;
import pescope.pe.Anomaly.Kind;

/** Reads the import directory: one descriptor per DLL, each with its lookup and address tables. */
final class ImportReader implements DirectoryReader<Imports> {

    private static final int IMPORT_DESCRIPTOR_SIZE = 20;

    @Override
    public Class<Imports> type() {
        return Imports.class;
    }

    @Override
    public Optional<Imports> read(ParseContext context, DataDirectory entry) {
        ImportSymbols symbols = ImportSymbols.of(context);
        List<ImportedModule> modules = new ArrayList<>();
        DescriptorTable.walk(context, "import directory", entry.rva(), IMPORT_DESCRIPTOR_SIZE, ImportDescriptor::new,
                ImportDescriptor::isTerminator, Kind.IMPORT_DIRECTORY_DAMAGED, Kind.IMPORT_DIRECTORY_UNTERMINATED,
                (i, rva, descriptor) -> {
                    if (i == 0 && context.isInHeaders(rva)) {
                        context.anomalyAtRva(Kind.IMPORT_DESCRIPTOR_IN_HEADERS, rva, IMPORT_DESCRIPTOR_SIZE,
                                "import descriptors at RVA 0x%X lie in the headers", rva);
                    }
                    readDescriptor(context, symbols, i, rva, descriptor).ifPresent(modules::add);
                });
        symbols.reportRepeatedTables(context, "import directory");
        return Optional.of(new Imports(modules));
    }

    private static Optional<ImportedModule> readDescriptor(ParseContext context, ImportSymbols symbols, int index,
            long rva, ImportDescriptor d) {
        String dll = context.readNameAtRva(d.nameRva());
        if (dll == null || dll.isEmpty()) {
            context.anomalyAtRva(Kind.IMPORT_DESCRIPTOR_DAMAGED, rva, IMPORT_DESCRIPTOR_SIZE,
                    "import descriptor %d: DLL name at RVA 0x%X is not readable; descriptor skipped", index, d.nameRva());
            return Optional.empty();
        }
        long lookupTable = d.importLookupTableRva();
        if (lookupTable == 0 || context.mapRvaToOffset(lookupTable) == RvaMapper.NOT_IN_FILE) {
            // Old Borland-style images have only the address table, which then holds the names.
            context.anomalyAtRva(Kind.IAT_ONLY_IMPORTS, rva, IMPORT_DESCRIPTOR_SIZE,
                    "imports from %s: no usable lookup table (0x%X); names read from the address table", dll, lookupTable);
            lookupTable = d.importAddressTableRva();
        }
        List<ImportedSymbol> read = symbols.readSymbolsOnce(context, dll, lookupTable, d.importAddressTableRva());
        return Optional.of(new ImportedModule(dll, read, false,
                ImportTables.plain(d.importAddressTableRva(), d.importLookupTableRva(), d.timeDateStamp(), d.forwarderChain())));
    }
}
