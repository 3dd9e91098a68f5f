package pescope.testing;

import java.util.ArrayList;
import java.util.List;

import pescope.testing.PeLayout.ImportedDll;

/**
 * The delay-load directory in its RVA form (Attributes bit 0 set): descriptors, import name
 * tables, import address tables, module handle slots, hint/name entries, DLL names, then one
 * small stub per symbol. Each address table entry holds the VA of its stub, as the linker's
 * {@code __imp_load_} thunks would, so those entries are what base relocations must fix up.
 */
final class DelayImportDirectoryWriter {
    private static final int DESCRIPTOR_SIZE = 32;
    private static final int RVA_BASED = 1;
    private static final int STUB_SIZE = 8;
    private static final int RET = 0xC3;
    private static final int INT3 = 0xCC;

    private final List<ImportedDll> dlls;
    private final boolean pe32Plus;
    private final LookupTables tables;
    private final int nameTables;
    private final int addressTables;
    private final int moduleHandles;
    private final int hintNames;
    private final int dllNames;
    private final int stubs;
    private final int size;

    DelayImportDirectoryWriter(List<ImportedDll> dlls, boolean pe32Plus) {
        this.dlls = dlls;
        this.pe32Plus = pe32Plus;
        this.tables = new LookupTables(dlls, pe32Plus);
        this.nameTables = alignUp(descriptorsSize(), 8);
        this.addressTables = nameTables + tables.tablesSize();
        this.moduleHandles = addressTables + tables.tablesSize();
        this.hintNames = moduleHandles + dlls.size() * tables.pointerSize();
        this.dllNames = hintNames + tables.hintNamesSize();
        this.stubs = alignUp(dllNames + tables.dllNamesSize(), 8);
        this.size = stubs + symbolCount() * STUB_SIZE;
    }

    int size() {
        return size;
    }

    DataDirectory directory(long rva) {
        return new DataDirectory(rva, descriptorsSize());
    }

    /** RVAs of the address-table entries, which hold VAs. */
    List<Long> relocationTargets(long rva) {
        var targets = new ArrayList<Long>();
        for (int d = 0; d < dlls.size(); d++) {
            for (int s = 0; s < tables.symbolCount(d); s++) {
                targets.add(rva + addressTables + tables.tableOffset(d) + (long) s * tables.pointerSize());
            }
        }
        return targets;
    }

    /** RVA of the first stub, a plausible entry point for an image with no code of its own. */
    long firstStub(long rva) {
        return rva + stubs;
    }

    void write(ByteSink out, long offset, long rva, long imageBase) {
        writeDescriptors(out, offset, rva);
        tables.writeTables(out, offset + nameTables, rva + hintNames);
        writeAddressTables(out, offset + addressTables, imageBase + rva + stubs);
        out.at(offset + moduleHandles).zeros(dlls.size() * tables.pointerSize());
        tables.writeHintNames(out, offset + hintNames);
        tables.writeDllNames(out, offset + dllNames);
        writeStubs(out, offset + stubs);
    }

    private void writeDescriptors(ByteSink out, long offset, long rva) {
        out.at(offset);
        for (int d = 0; d < dlls.size(); d++) {
            out.u4(RVA_BASED)
                    .u4(rva + dllNames + tables.dllNameOffset(d))
                    .u4(rva + moduleHandles + (long) d * tables.pointerSize())
                    .u4(rva + addressTables + tables.tableOffset(d))
                    .u4(rva + nameTables + tables.tableOffset(d))
                    .u4(0)  // BoundImportAddressTableRVA
                    .u4(0)  // UnloadInformationTableRVA
                    .u4(0); // TimeDateStamp: not bound
        }
        out.zeros(DESCRIPTOR_SIZE);
    }

    private void writeAddressTables(ByteSink out, long offset, long firstStubVa) {
        int stub = 0;
        for (int d = 0; d < dlls.size(); d++) {
            out.at(offset + tables.tableOffset(d));
            for (int s = 0; s < tables.symbolCount(d); s++) {
                out.pointer(firstStubVa + (long) stub++ * STUB_SIZE, pe32Plus);
            }
            out.pointer(0, pe32Plus);
        }
    }

    private void writeStubs(ByteSink out, long offset) {
        out.at(offset);
        for (int i = 0; i < symbolCount(); i++) {
            out.u1(RET);
            for (int pad = 1; pad < STUB_SIZE; pad++) out.u1(INT3);
        }
    }

    private int symbolCount() {
        return dlls.stream().mapToInt(dll -> dll.symbols().size()).sum();
    }

    private int descriptorsSize() {
        return (dlls.size() + 1) * DESCRIPTOR_SIZE;
    }

    private static int alignUp(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
