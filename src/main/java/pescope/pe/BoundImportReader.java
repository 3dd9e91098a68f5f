package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.BoundImportEntry;
import pescope.pe.Anomaly.Kind;

/** Reads the bound import directory: each bound DLL with the modules it forwards to. */
final class BoundImportReader implements DirectoryReader<BoundImports> {

    /** Entries (descriptors and forwarder references) read from the bound import directory. */
    static final int MAX_BOUND_ENTRIES = 0x1000;

    private static final int BOUND_ENTRY_SIZE = 8;

    @Override
    public Class<BoundImports> type() {
        return BoundImports.class;
    }

    @Override
    public Optional<BoundImports> read(ParseContext context, DataDirectory entry) {
        // The bound import directory lives in the headers, where RVA and file offset agree.
        long start = entry.rva();
        List<BoundImport> bound = new ArrayList<>();
        int index = 0;
        while (true) {
            long offset = start + (long) index * BOUND_ENTRY_SIZE;
            BoundImportEntry descriptor = context.parseAtOffset(offset, BOUND_ENTRY_SIZE, BoundImportEntry::new);
            if (descriptor == null) {
                context.anomalyAt(Kind.BOUND_IMPORT_DIRECTORY_DAMAGED, offset, BOUND_ENTRY_SIZE,
                        "bound import directory: entry %d is past the end of the file", index);
                break;
            }
            if (descriptor.isTerminator()) {
                break;
            }
            if (index == MAX_BOUND_ENTRIES) {
                context.anomalyAt(Kind.BOUND_IMPORT_DIRECTORY_DAMAGED, offset, BOUND_ENTRY_SIZE,
                        "bound import directory: stopped after %d entries without a null entry", MAX_BOUND_ENTRIES);
                break;
            }
            index++;
            List<BoundImport.Forwarder> forwarders = new ArrayList<>();
            for (int f = 0; f < descriptor.numberOfModuleForwarderRefs() && index < MAX_BOUND_ENTRIES; f++, index++) {
                BoundImportEntry ref = context.parseAtOffset(start + (long) index * BOUND_ENTRY_SIZE, BOUND_ENTRY_SIZE,
                        BoundImportEntry::new);
                if (ref == null) {
                    break;
                }
                forwarders.add(new BoundImport.Forwarder(name(context, start, ref), ref.timeDateStamp()));
            }
            bound.add(new BoundImport(name(context, start, descriptor), descriptor.timeDateStamp(), forwarders));
        }
        return Optional.of(new BoundImports(bound));
    }

    /** Names are at offsets from the directory's start. */
    private static String name(ParseContext context, long directoryStart, BoundImportEntry entry) {
        String name = context.readName(directoryStart + entry.ofsModuleName());
        return name == null ? "" : name;
    }
}
