package pescope.testing;

import java.util.List;

import pescope.testing.PeLayout.ImportedDll;

/**
 * The import directory, in the order link.exe uses: descriptors, lookup tables (ILT), address
 * tables (IAT, a copy of the ILT until the loader binds it), hint/name entries, DLL names.
 * Hint/name entries come after every thunk so no thunk points into a table being walked.
 */
final class ImportDirectoryWriter {
    private static final int DESCRIPTOR_SIZE = 20;

    private final List<ImportedDll> dlls;
    private final LookupTables tables;
    private final int lookupTables;
    private final int addressTables;
    private final int hintNames;
    private final int dllNames;
    private final int size;

    ImportDirectoryWriter(List<ImportedDll> dlls, boolean pe32Plus) {
        this.dlls = dlls;
        this.tables = new LookupTables(dlls, pe32Plus);
        this.lookupTables = alignUp(descriptorsSize(), 8);
        this.addressTables = lookupTables + tables.tablesSize();
        this.hintNames = addressTables + tables.tablesSize();
        this.dllNames = hintNames + tables.hintNamesSize();
        this.size = dllNames + tables.dllNamesSize();
    }

    int size() {
        return size;
    }

    /** Descriptors and their all-zero terminator: what the data directory's Size covers. */
    DataDirectory importDirectory(long rva) {
        return new DataDirectory(rva, descriptorsSize());
    }

    DataDirectory addressTableDirectory(long rva) {
        return new DataDirectory(rva + addressTables, tables.tablesSize());
    }

    void write(ByteSink out, long offset, long rva) {
        writeDescriptors(out, offset, rva);
        tables.writeTables(out, offset + lookupTables, rva + hintNames);
        tables.writeTables(out, offset + addressTables, rva + hintNames);
        tables.writeHintNames(out, offset + hintNames);
        tables.writeDllNames(out, offset + dllNames);
    }

    private void writeDescriptors(ByteSink out, long offset, long rva) {
        out.at(offset);
        for (int d = 0; d < dlls.size(); d++) {
            out.u4(rva + lookupTables + tables.tableOffset(d)) // OriginalFirstThunk
                    .u4(0)                                      // TimeDateStamp: not bound
                    .u4(0)                                      // ForwarderChain
                    .u4(rva + dllNames + tables.dllNameOffset(d))
                    .u4(rva + addressTables + tables.tableOffset(d)); // FirstThunk
        }
        out.zeros(DESCRIPTOR_SIZE);
    }

    private int descriptorsSize() {
        return (dlls.size() + 1) * DESCRIPTOR_SIZE;
    }

    private static int alignUp(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
