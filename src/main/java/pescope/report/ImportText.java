package pescope.report;

import static pescope.report.DumpText.address;

import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;

/** The /DEPENDENTS block and the import and delay-import parts of /IMPORTS, in dumpbin's columns. */
final class ImportText {

    private final PeImage image;
    private final OptionalHeader header;

    ImportText(PeImage image) {
        this.image = image;
        this.header = image.optionalHeader();
    }

    static void appendDependents(PeImage image, TextOut out) {
        new ImportText(image).appendDependents(out);
    }

    static void appendImports(PeImage image, TextOut out) {
        new ImportText(image).appendImports(out);
    }

    private void appendDependents(TextOut out) {
        if (!image.imports().isEmpty()) {
            out.append("  Image has the following dependencies:\n\n");
            image.imports().forEach(m -> out.append("    ").append(m.dllName()).append('\n'));
            out.append('\n');
        }
        if (!image.delayImports().isEmpty()) {
            out.append("  Image has the following delay load dependencies:\n\n");
            image.delayImports().forEach(m -> out.append("    ").append(m.dllName()).append('\n'));
            out.append('\n');
        }
    }

    private void appendImports(TextOut out) {
        if (!image.imports().isEmpty()) {
            out.append("  Section contains the following imports:\n\n");
            image.imports().forEach(m -> appendModule(out, m));
        }
        if (!image.delayImports().isEmpty()) {
            out.append("  Section contains the following delay load imports:\n\n");
            image.delayImports().forEach(m -> appendDelayModule(out, m));
        }
    }

    private void appendModule(TextOut out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(module.dllName()).append('\n');
        line(out, va(t.importAddressTableRva()), "Import Address Table");
        line(out, va(t.importNameTableRva()), "Import Name Table");
        line(out, Columns.hex(t.timeDateStamp()), "time date stamp");
        line(out, Columns.hex(t.forwarderChain()), "Index of first forwarder reference");
        out.append('\n');
        // The hint column ends at 21 in PE32 dumps and at 28 in PE32+ dumps.
        int hintColumn = header.isPe32Plus() ? 28 : 21;
        for (ImportedSymbol symbol : module.symbols()) {
            if (symbol instanceof ImportedSymbol.ByName byName) {
                out.append(Columns.right(Columns.hex(byName.hint()), hintColumn)).append(' ').append(byName.name()).append('\n');
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                // The reference shows no by-ordinal row of a plain import; this mirrors the delay
                // block's "Ordinal     4", right-aligned to the hint column.
                out.append(Columns.right("Ordinal " + Columns.right(byOrdinal.ordinal(), 5), hintColumn)).append('\n');
            }
        }
        out.append('\n');
    }

    private void appendDelayModule(TextOut out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(module.dllName()).append('\n');
        line(out, Columns.hex(t.attributes(), 8), "Characteristics");
        line(out, delayVa(t.moduleHandleRva()), "Address of HMODULE");
        line(out, delayVa(t.importAddressTableRva()), "Import Address Table");
        line(out, delayVa(t.importNameTableRva()), "Import Name Table");
        line(out, delayVa(t.boundImportAddressTableRva()), "Bound Import Name Table");
        line(out, delayVa(t.unloadInformationTableRva()), "Unload Import Name Table");
        line(out, Columns.hex(t.timeDateStamp()), "time date stamp");
        out.append('\n');
        for (ImportedSymbol symbol : module.symbols()) {
            String thunk = Columns.right(address(header, symbol.thunkValue()), 32);
            if (symbol instanceof ImportedSymbol.ByName byName) {
                out.append(thunk).append(Columns.right(Columns.hex(byName.hint()), 6)).append(' ').append(byName.name()).append('\n');
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                out.append(thunk).append("       Ordinal").append(Columns.right(byOrdinal.ordinal(), 6)).append('\n');
            }
        }
        out.append('\n');
    }

    /** Descriptor values end at column 22. */
    private static void line(TextOut out, String value, String label) {
        out.append(Columns.right(value, 22)).append(' ').append(label).append('\n');
    }

    private String va(long rva) {
        return DumpText.hex(rva == 0 ? 0 : header.imageBase() + rva);
    }

    /** Delay-load descriptors print full-width addresses, zero included. */
    private String delayVa(long rva) {
        return address(header, rva == 0 ? 0 : header.imageBase() + rva);
    }
}
