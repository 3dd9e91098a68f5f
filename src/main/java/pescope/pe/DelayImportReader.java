package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.DelayLoadDescriptor;
import pescope.pe.Anomaly.Kind;

/** Reads the delay-load import directory; its name tables have the import directory's layout. */
final class DelayImportReader implements DirectoryReader<DelayImports> {

    private static final int DELAY_DESCRIPTOR_SIZE = 32;

    @Override
    public Class<DelayImports> type() {
        return DelayImports.class;
    }

    @Override
    public Optional<DelayImports> read(ParseContext context, DataDirectory entry) {
        ImportSymbols symbols = ImportSymbols.of(context);
        List<ImportedModule> modules = new ArrayList<>();
        DescriptorTable.walk(context, "delay import directory", entry.rva(), DELAY_DESCRIPTOR_SIZE, DelayLoadDescriptor::new,
                DelayLoadDescriptor::isTerminator, Kind.DELAY_IMPORT_DIRECTORY_DAMAGED, Kind.DELAY_IMPORT_DIRECTORY_DAMAGED,
                (i, rva, descriptor) -> readDescriptor(context, symbols, i, rva, descriptor).ifPresent(modules::add));
        symbols.reportRepeatedTables(context, "delay import directory");
        return Optional.of(new DelayImports(modules));
    }

    private static Optional<ImportedModule> readDescriptor(ParseContext context, ImportSymbols symbols, int index,
            long rva, DelayLoadDescriptor d) {
        // Visual C++ 6 wrote virtual addresses and left bit 0 clear.
        long bias = 0;
        if (!d.usesRvas()) {
            bias = context.header().imageBase();
            context.anomalyAtRva(Kind.DELAY_IMPORT_VA_FORM, rva, DELAY_DESCRIPTOR_SIZE,
                    "delay import descriptor %d uses virtual addresses (old form); converted with image base 0x%X",
                    index, bias);
        }
        ImportTables tables = new ImportTables(d.attributes(), rva(d.moduleHandleRva(), bias),
                rva(d.importAddressTableRva(), bias), rva(d.importNameTableRva(), bias),
                rva(d.boundImportAddressTableRva(), bias), rva(d.unloadInformationTableRva(), bias),
                d.timeDateStamp(), 0);
        String dll = context.readNameAtRva(rva(d.dllNameRva(), bias));
        if (dll == null || dll.isEmpty()) {
            context.anomalyAtRva(Kind.DELAY_IMPORT_DIRECTORY_DAMAGED, rva, DELAY_DESCRIPTOR_SIZE,
                    "delay import descriptor %d: DLL name at RVA 0x%X is not readable; descriptor skipped",
                    index, d.dllNameRva());
            return Optional.empty();
        }
        List<ImportedSymbol> read = symbols.readSymbolsOnce(context, dll, tables.importNameTableRva(), tables.importAddressTableRva());
        return Optional.of(new ImportedModule(dll, read, true, tables));
    }

    private static long rva(long value, long bias) {
        return value == 0 ? 0 : (value - bias) & 0xFFFFFFFFL;
    }
}
