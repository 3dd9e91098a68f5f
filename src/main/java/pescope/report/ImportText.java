package pescope.report;

import static pescope.report.DumpText.address;
import static pescope.report.DumpText.timeSuffix;

import pescope.pe.BoundImport;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;

/** The /DEPENDENTS and /IMPORTS blocks, in dumpbin's columns. */
final class ImportText {

    private final PeImage image;
    private final OptionalHeader header;

    ImportText(PeImage image) {
        this.image = image;
        this.header = image.optionalHeader();
    }

    void appendDependents(StringBuilder out) {
        if (!image.imports().isEmpty()) {
            out.append("  Image has the following dependencies:\n\n");
            image.imports().forEach(m -> out.append("    ").append(TerminalText.escape(m.dllName())).append('\n'));
            out.append('\n');
        }
        if (!image.delayImports().isEmpty()) {
            out.append("  Image has the following delay load dependencies:\n\n");
            image.delayImports().forEach(m -> out.append("    ").append(TerminalText.escape(m.dllName())).append('\n'));
            out.append('\n');
        }
    }

    void appendImports(StringBuilder out) {
        if (!image.imports().isEmpty()) {
            out.append("  Section contains the following imports:\n\n");
            image.imports().forEach(m -> appendModule(out, m));
        }
        if (!image.delayImports().isEmpty()) {
            out.append("  Section contains the following delay load imports:\n\n");
            image.delayImports().forEach(m -> appendDelayModule(out, m));
        }
        if (!image.boundImports().isEmpty()) {
            out.append("  Header contains the following bound import information:\n");
            for (BoundImport b : image.boundImports()) {
                out.append("    Bound to ").append(TerminalText.escape(b.dllName())).append(" [").append(Columns.hex(b.timeDateStamp(), 8)).append(']')
                        .append(timeSuffix(b.timeDateStamp())).append('\n');
                for (BoundImport.Forwarder f : b.forwarders()) {
                    out.append("      Contained forwarders bound to ").append(TerminalText.escape(f.dllName())).append(" [")
                            .append(Columns.hex(f.timeDateStamp(), 8)).append(']').append(timeSuffix(f.timeDateStamp())).append('\n');
                }
            }
            out.append('\n');
        }
    }

    private void appendModule(StringBuilder out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(TerminalText.escape(module.dllName())).append('\n');
        line(out, va(t.importAddressTableRva()), "Import Address Table");
        line(out, va(t.importNameTableRva()), "Import Name Table");
        line(out, Columns.hex(t.timeDateStamp()), "time date stamp");
        line(out, Columns.hex(t.forwarderChain()), "Index of first forwarder reference");
        out.append('\n');
        // The hint column ends at 21 in PE32 dumps and at 28 in PE32+ dumps.
        int hintColumn = header.isPe32Plus() ? 28 : 21;
        for (ImportedSymbol symbol : module.symbols()) {
            if (symbol instanceof ImportedSymbol.ByName byName) {
                out.append(Columns.right(Columns.hex(byName.hint()), hintColumn)).append(' ').append(TerminalText.escape(byName.name())).append('\n');
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                // The reference shows no by-ordinal row of a plain import; this mirrors the delay
                // block's "Ordinal     4", right-aligned to the hint column.
                out.append(Columns.right("Ordinal " + Columns.right(byOrdinal.ordinal(), 5), hintColumn)).append('\n');
            }
        }
        out.append('\n');
    }

    private void appendDelayModule(StringBuilder out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(TerminalText.escape(module.dllName())).append('\n');
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
                out.append(thunk).append(Columns.right(Columns.hex(byName.hint()), 6)).append(' ').append(TerminalText.escape(byName.name())).append('\n');
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                out.append(thunk).append("       Ordinal").append(Columns.right(byOrdinal.ordinal(), 6)).append('\n');
            }
        }
        out.append('\n');
    }

    /** Descriptor values end at column 22. */
    private static void line(StringBuilder out, String value, String label) {
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
