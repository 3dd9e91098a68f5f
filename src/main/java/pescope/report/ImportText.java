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
            image.imports().forEach(m -> out.append("    ").append(m.dllName()).append('\n'));
            out.append('\n');
        }
        if (!image.delayImports().isEmpty()) {
            out.append("  Image has the following delay load dependencies:\n\n");
            image.delayImports().forEach(m -> out.append("    ").append(m.dllName()).append('\n'));
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
                out.append(String.format("    Bound to %s [%08X]%s%n", b.dllName(), b.timeDateStamp(), timeSuffix(b.timeDateStamp())));
                for (BoundImport.Forwarder f : b.forwarders()) {
                    out.append(String.format("      Contained forwarders bound to %s [%08X]%s%n",
                            f.dllName(), f.timeDateStamp(), timeSuffix(f.timeDateStamp())));
                }
            }
            out.append('\n');
        }
    }

    private void appendModule(StringBuilder out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(module.dllName()).append('\n');
        out.append(String.format("%22s Import Address Table%n", va(t.importAddressTableRva())));
        out.append(String.format("%22s Import Name Table%n", va(t.importNameTableRva())));
        out.append(String.format("%22X time date stamp%n", t.timeDateStamp()));
        out.append(String.format("%22X Index of first forwarder reference%n%n", t.forwarderChain()));
        // The hint column ends at 21 in PE32 dumps and at 28 in PE32+ dumps.
        int hintColumn = header.isPe32Plus() ? 28 : 21;
        for (ImportedSymbol symbol : module.symbols()) {
            if (symbol instanceof ImportedSymbol.ByName byName) {
                out.append(String.format("%" + hintColumn + "X %s%n", byName.hint(), byName.name()));
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                out.append(String.format("%" + hintColumn + "s%n", "Ordinal " + String.format("%5d", byOrdinal.ordinal())));
            }
        }
        out.append('\n');
    }

    private void appendDelayModule(StringBuilder out, ImportedModule module) {
        var t = module.tables();
        out.append("    ").append(module.dllName()).append('\n');
        out.append(String.format("%22s Characteristics%n", String.format("%08X", t.attributes())));
        out.append(String.format("%22s Address of HMODULE%n", delayVa(t.moduleHandleRva())));
        out.append(String.format("%22s Import Address Table%n", delayVa(t.importAddressTableRva())));
        out.append(String.format("%22s Import Name Table%n", delayVa(t.importNameTableRva())));
        out.append(String.format("%22s Bound Import Name Table%n", delayVa(t.boundImportAddressTableRva())));
        out.append(String.format("%22s Unload Import Name Table%n", delayVa(t.unloadInformationTableRva())));
        out.append(String.format("%22X time date stamp%n%n", t.timeDateStamp()));
        for (ImportedSymbol symbol : module.symbols()) {
            String thunk = String.format("%32s", address(header, symbol.thunkValue()));
            if (symbol instanceof ImportedSymbol.ByName byName) {
                out.append(String.format("%s%6X %s%n", thunk, byName.hint(), byName.name()));
            } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                out.append(String.format("%s       Ordinal%6d%n", thunk, byOrdinal.ordinal()));
            }
        }
        out.append('\n');
    }

    private String va(long rva) {
        return DumpText.hex(rva == 0 ? 0 : header.imageBase() + rva);
    }

    /** Delay-load descriptors print full-width addresses, zero included. */
    private String delayVa(long rva) {
        return address(header, rva == 0 ? 0 : header.imageBase() + rva);
    }
}
