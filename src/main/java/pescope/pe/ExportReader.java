package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.U2Table;
import pescope.format.U4Table;
import pescope.pe.Anomaly.Kind;

/** Reads the export directory: its address, name pointer and ordinal tables, and forwarders. */
final class ExportReader implements DirectoryReader<ExportDirectory> {

    /** Exports read unless the directory is large enough to hold more. */
    static final int MAX_EXPORTS = 0x10000;
    /** Exports read even when the directory size vouches for more. */
    static final int MAX_EXPORTS_ABSOLUTE = 0x100000;

    private static final int EXPORT_DIRECTORY_SIZE = 40;

    @Override
    public Class<ExportDirectory> type() {
        return ExportDirectory.class;
    }

    @Override
    public Optional<ExportDirectory> read(ParseContext context, DataDirectory dir) {
        pescope.format.ExportDirectory raw = context.parseAtRva(dir.rva(), EXPORT_DIRECTORY_SIZE, pescope.format.ExportDirectory::new);
        if (raw == null) {
            context.anomalyAtRva(Kind.EXPORT_DIRECTORY_DAMAGED, dir.rva(), EXPORT_DIRECTORY_SIZE,
                    "export directory at RVA 0x%X is not in the file", dir.rva());
            return Optional.empty();
        }
        String name = context.readNameAtRva(raw.nameRva());
        if (name == null) {
            context.anomaly(Kind.EXPORT_NAME_DAMAGED, "export directory: module name at RVA 0x%X is not readable", raw.nameRva());
            name = "";
        }
        long[] addresses = readU4Table(context, "export address table", raw.addressTableRva(),
                boundedExportCount(context, "NumberOfFunctions", raw.numberOfFunctions(), dir));
        long[] namePointers = readU4Table(context, "export name pointer table", raw.namePointerTableRva(),
                boundedExportCount(context, "NumberOfNames", raw.numberOfNames(), dir));
        int[] nameOrdinals = readU2Table(context, raw.ordinalTableRva(), namePointers.length);
        List<Export> exports = new ArrayList<>();
        boolean[] named = new boolean[addresses.length];
        for (int i = 0; i < namePointers.length && i < nameOrdinals.length; i++) {
            int index = nameOrdinals[i];
            String exportName = context.readNameAtRva(namePointers[i]);
            if (exportName == null || index >= addresses.length) {
                context.anomalyAtRva(Kind.EXPORT_NAME_DAMAGED, raw.namePointerTableRva() + 4L * i, 4,
                        "export name %d (RVA 0x%X, function index %d) is not readable or not in the address table; skipped",
                        i, namePointers[i], index);
                continue;
            }
            named[index] = true;
            exports.add(export(context, raw.ordinalBase() + index, exportName, i, addresses[index], dir));
        }
        for (int index = 0; index < addresses.length; index++) {
            // A zero address is a gap in the ordinal range, not an export.
            if (!named[index] && addresses[index] != 0) {
                exports.add(export(context, raw.ordinalBase() + index, null, -1, addresses[index], dir));
            }
        }
        return Optional.of(new ExportDirectory(name, raw.characteristics(), raw.timeDateStamp(),
                new OptionalHeader.Version(raw.majorVersion(), raw.minorVersion()), raw.ordinalBase(),
                raw.numberOfFunctions(), raw.numberOfNames(), raw.addressTableRva(), raw.namePointerTableRva(),
                raw.ordinalTableRva(), exports));
    }

    /** An address inside the export directory is not code but a "DLL.Symbol" forwarder string. */
    private static Export export(ParseContext context, long ordinal, String name, int hint, long rva, DataDirectory dir) {
        if (rva >= dir.rva() && rva < dir.rva() + dir.size()) {
            String forwarder = context.readNameAtRva(rva);
            if (forwarder != null && !forwarder.isEmpty()) {
                return new Export(ordinal, name, hint, rva, forwarder);
            }
            context.anomalyAtRva(Kind.FORWARDER_DAMAGED, rva, 1,
                    "export ordinal %d: forwarder string at RVA 0x%X is not readable", ordinal, rva);
        }
        return new Export(ordinal, name, hint, rva, null);
    }

    private static int boundedExportCount(ParseContext context, String field, long declared, DataDirectory dir) {
        long limit = declared * 4 <= dir.size() ? MAX_EXPORTS_ABSOLUTE : MAX_EXPORTS;
        if (declared > limit) {
            context.anomalyAtRva(Kind.EXPORT_TABLE_TOO_LONG, dir.rva(), EXPORT_DIRECTORY_SIZE,
                    "export directory: %s is %d; reading the first %d", field, declared, limit);
            return (int) limit;
        }
        return (int) declared;
    }

    private static long[] readU4Table(ParseContext context, String what, long rva, int count) {
        if (count == 0) {
            return new long[0];
        }
        long offset = context.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (context.fileSize() - offset) / 4);
        if (fits < count) {
            context.anomalyAt(Kind.EXPORT_DIRECTORY_DAMAGED, offset, 4L * fits,
                    "%s at RVA 0x%X: only %d of %d entries are in the file", what, rva, fits, count);
        }
        if (fits == 0) {
            return new long[0];
        }
        U4Table table = context.parseAtOffset(offset, fits * 4, io -> new U4Table(io, fits));
        return table.entries().stream().mapToLong(Long::longValue).toArray();
    }

    private static int[] readU2Table(ParseContext context, long rva, int count) {
        if (count == 0) {
            return new int[0];
        }
        long offset = context.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (context.fileSize() - offset) / 2);
        if (fits < count) {
            context.anomalyAt(Kind.EXPORT_DIRECTORY_DAMAGED, offset, 2L * fits,
                    "export ordinal table at RVA 0x%X: only %d of %d entries are in the file", rva, fits, count);
        }
        if (fits == 0) {
            return new int[0];
        }
        U2Table table = context.parseAtOffset(offset, fits * 2, io -> new U2Table(io, fits));
        return table.entries().stream().mapToInt(Integer::intValue).toArray();
    }
}
