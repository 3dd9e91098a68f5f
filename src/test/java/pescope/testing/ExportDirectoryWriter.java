package pescope.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.ExportSlot.Code;
import pescope.testing.PeLayout.ExportSlot.Forwarder;
import pescope.testing.PeLayout.Exports;

/**
 * The export directory: IMAGE_EXPORT_DIRECTORY, the address table (one entry per slot), the
 * name pointer table sorted by name (the loader binary-searches it), the ordinal table, then
 * the strings. Forwarder strings lie inside the directory's range, which is what marks an
 * address-table entry as a forwarder; the code stubs exported functions point to lie after it.
 */
final class ExportDirectoryWriter {
    private static final int DIRECTORY_SIZE = 40;
    private static final int STUB_SIZE = 4;
    private static final int RET = 0xC3;
    private static final int INT3 = 0xCC;

    private record NamedSlot(String name, int slot) {}

    private final Exports exports;
    private final long timeDateStamp;
    private final List<NamedSlot> byName;
    private final int addressTable;
    private final int namePointers;
    private final int ordinals;
    private final int dllName;
    private final int[] nameOffsets;
    private final int[] forwarderOffsets;
    private final int directorySize;
    private final int[] stubOffsets;
    private final int size;

    ExportDirectoryWriter(Exports exports, long timeDateStamp) {
        this.exports = exports;
        this.timeDateStamp = timeDateStamp;
        this.byName = namesInSearchOrder(exports.slots());
        List<ExportSlot> slots = exports.slots();
        this.addressTable = DIRECTORY_SIZE;
        this.namePointers = addressTable + 4 * slots.size();
        this.ordinals = namePointers + 4 * byName.size();
        this.dllName = ordinals + 2 * byName.size();
        int at = dllName + exports.dllName().length() + 1;
        this.nameOffsets = new int[byName.size()];
        for (int i = 0; i < byName.size(); i++) {
            nameOffsets[i] = at;
            at += byName.get(i).name().length() + 1;
        }
        this.forwarderOffsets = new int[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof Forwarder forwarder) {
                forwarderOffsets[i] = at;
                at += forwarder.target().length() + 1;
            }
        }
        this.directorySize = at;
        at = (at + 3) & ~3;
        this.stubOffsets = new int[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof Code) {
                stubOffsets[i] = at;
                at += STUB_SIZE;
            }
        }
        this.size = at;
    }

    int size() {
        return size;
    }

    DataDirectory directory(long rva) {
        return new DataDirectory(rva, directorySize);
    }

    /** RVA of the first exported function's code, or 0 if none. */
    long firstFunction(long rva) {
        for (int i = 0; i < exports.slots().size(); i++) {
            if (exports.slots().get(i) instanceof Code) return rva + stubOffsets[i];
        }
        return 0;
    }

    void write(ByteSink out, long offset, long rva) {
        writeDirectory(out, offset, rva);
        writeAddressTable(out, offset + addressTable, rva);
        writeNamePointers(out, offset + namePointers, rva);
        writeOrdinals(out, offset + ordinals);
        writeStrings(out, offset);
        writeStubs(out, offset);
    }

    private void writeDirectory(ByteSink out, long offset, long rva) {
        out.at(offset)
                .u4(0)              // Characteristics
                .u4(timeDateStamp)
                .u2(0).u2(0)        // Major/MinorVersion
                .u4(rva + dllName)
                .u4(exports.ordinalBase())
                .u4(exports.slots().size())
                .u4(byName.size())
                .u4(rva + addressTable)
                .u4(rva + namePointers)
                .u4(rva + ordinals);
    }

    private void writeAddressTable(ByteSink out, long offset, long rva) {
        out.at(offset);
        for (int i = 0; i < exports.slots().size(); i++) {
            ExportSlot slot = exports.slots().get(i);
            if (slot instanceof Code) {
                out.u4(rva + stubOffsets[i]);
            } else if (slot instanceof Forwarder) {
                out.u4(rva + forwarderOffsets[i]);
            } else {
                out.u4(0); // a gap
            }
        }
    }

    private void writeNamePointers(ByteSink out, long offset, long rva) {
        out.at(offset);
        for (int i = 0; i < byName.size(); i++) out.u4(rva + nameOffsets[i]);
    }

    /** The ordinal table holds indexes into the address table, not ordinals: no base added. */
    private void writeOrdinals(ByteSink out, long offset) {
        out.at(offset);
        for (NamedSlot named : byName) out.u2(named.slot());
    }

    private void writeStrings(ByteSink out, long offset) {
        out.at(offset + dllName).asciiz(exports.dllName());
        for (int i = 0; i < byName.size(); i++) out.at(offset + nameOffsets[i]).asciiz(byName.get(i).name());
        for (int i = 0; i < exports.slots().size(); i++) {
            if (exports.slots().get(i) instanceof Forwarder forwarder) {
                out.at(offset + forwarderOffsets[i]).asciiz(forwarder.target());
            }
        }
    }

    private void writeStubs(ByteSink out, long offset) {
        for (int i = 0; i < exports.slots().size(); i++) {
            if (exports.slots().get(i) instanceof Code) {
                out.at(offset + stubOffsets[i]).u1(RET).u1(INT3).u1(INT3).u1(INT3);
            }
        }
    }

    // PE spec: the name pointer table is ordered lexically so the loader can binary-search it.
    private static List<NamedSlot> namesInSearchOrder(List<ExportSlot> slots) {
        var named = new ArrayList<NamedSlot>();
        for (int i = 0; i < slots.size(); i++) {
            int slot = i;
            slots.get(i).name().ifPresent(name -> named.add(new NamedSlot(name, slot)));
        }
        named.sort(Comparator.comparing(NamedSlot::name));
        return named;
    }
}
