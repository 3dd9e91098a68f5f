package pescope.pe;

import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.U2Array;
import pescope.format.U4Array;
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
        String name = moduleName(context, raw.nameRva());
        IntBuffer addresses = readU4Table(context, "export address table", raw.addressTableRva(),
                boundedExportCount(context, "NumberOfFunctions", raw.numberOfFunctions(), dir));
        IntBuffer namePointers = readU4Table(context, "export name pointer table", raw.namePointerTableRva(),
                boundedExportCount(context, "NumberOfNames", raw.numberOfNames(), dir));
        ShortBuffer nameOrdinals = readU2Table(context, raw.ordinalTableRva(), namePointers.limit());
        // Every name and every unnamed address gives at most one export: usually as many as the larger table.
        List<Export> exports = new ArrayList<>(Math.max(namePointers.limit(), addresses.limit()));
        boolean[] named = new boolean[addresses.limit()];
        int cap = MAX_EXPORTS_ABSOLUTE;
        for (int i = 0; i < namePointers.limit() && i < nameOrdinals.limit(); i++) {
            if (!roomFor(context, exports, cap)) {
                return Optional.of(directory(raw, name, exports));
            }
            int index = Short.toUnsignedInt(nameOrdinals.get(i));
            long namePointer = Integer.toUnsignedLong(namePointers.get(i));
            String exportName = context.readNameAtRva(namePointer);
            if (exportName == null || index >= addresses.limit()) {
                context.anomalyAtRva(Kind.EXPORT_NAME_DAMAGED, raw.namePointerTableRva() + 4L * i, 4,
                        "export name %d (RVA 0x%X, function index %d) is not readable or not in the address table; skipped",
                        i, namePointer, index);
                continue;
            }
            named[index] = true;
            exports.add(export(context, raw.ordinalBase() + index, exportName, i, Integer.toUnsignedLong(addresses.get(index)), dir));
        }
        for (int index = 0; index < addresses.limit(); index++) {
            // A zero address is a gap in the ordinal range, not an export.
            if (!named[index] && addresses.get(index) != 0) {
                if (!roomFor(context, exports, cap)) {
                    break;
                }
                exports.add(export(context, raw.ordinalBase() + index, null, -1, Integer.toUnsignedLong(addresses.get(index)), dir));
            }
        }
        return Optional.of(directory(raw, name, exports));
    }

    private static ExportDirectory directory(pescope.format.ExportDirectory raw, String name, List<Export> exports) {
        return new ExportDirectory(name, raw.characteristics(), raw.timeDateStamp(),
                new OptionalHeader.Version(raw.majorVersion(), raw.minorVersion()), raw.ordinalBase(),
                raw.numberOfFunctions(), raw.numberOfNames(), raw.addressTableRva(), raw.namePointerTableRva(),
                raw.ordinalTableRva(), exports);
    }

    /** The DLL's own name; an RVA of 0 means there is none (it would read the "MZ" at offset 0). */
    private static String moduleName(ParseContext context, long nameRva) {
        if (nameRva == 0) {
            context.anomaly(Kind.EXPORT_NAME_DAMAGED, "export directory: no module name (Name is 0)");
            return "";
        }
        String name = context.readNameAtRva(nameRva);
        if (name == null) {
            context.anomaly(Kind.EXPORT_NAME_DAMAGED, "export directory: module name at RVA 0x%X is not readable", nameRva);
            return "";
        }
        return name;
    }

    /**
     * Whether another export may be added: the name and address tables together give at most
     * {@code cap} exports (the documented 0x100000, not that for each table), and their names
     * and forwarders stay within the parse's name budget. Reports the stop once.
     */
    private static boolean roomFor(ParseContext context, List<Export> exports, int cap) {
        if (exports.size() >= cap) {
            context.anomaly(Kind.EXPORT_TABLE_TOO_LONG,
                    "export directory: the name and address tables give more than %d exports; the rest not read", cap);
            return false;
        }
        if (context.nameBudgetSpent()) {
            context.anomaly(Kind.EXPORT_TABLE_TOO_LONG,
                    "export directory: names and forwarders of %d exports reach %d characters, %d per byte of file; the rest not read",
                    exports.size(), context.nameBudget(), NameBudget.CHARACTERS_PER_FILE_BYTE);
            return false;
        }
        return true;
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

    /** A table of u4 values, each held in an int (read it with {@link Integer#toUnsignedLong}). */
    private static IntBuffer readU4Table(ParseContext context, String what, long rva, int count) {
        if (count == 0) {
            return IntBuffer.allocate(0);
        }
        long offset = context.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (context.fileSize() - offset) / 4);
        if (fits < count) {
            context.anomalyAt(Kind.EXPORT_DIRECTORY_DAMAGED, offset, 4L * fits,
                    "%s at RVA 0x%X: only %d of %d entries are in the file", what, rva, fits, count);
        }
        if (fits == 0) {
            return IntBuffer.allocate(0);
        }
        return ImageBytes.littleEndian(context.parseAtOffset(offset, fits * 4, io -> new U4Array(io, fits)).entries())
                .asIntBuffer();
    }

    /** The export ordinal table: u2 values (read them with {@link Short#toUnsignedInt}). */
    private static ShortBuffer readU2Table(ParseContext context, long rva, int count) {
        if (count == 0) {
            return ShortBuffer.allocate(0);
        }
        long offset = context.mapRvaToOffset(rva);
        int fits = offset == RvaMapper.NOT_IN_FILE ? 0 : (int) Math.min(count, (context.fileSize() - offset) / 2);
        if (fits < count) {
            context.anomalyAt(Kind.EXPORT_DIRECTORY_DAMAGED, offset, 2L * fits,
                    "export ordinal table at RVA 0x%X: only %d of %d entries are in the file", rva, fits, count);
        }
        if (fits == 0) {
            return ShortBuffer.allocate(0);
        }
        return ImageBytes.littleEndian(context.parseAtOffset(offset, fits * 2, io -> new U2Array(io, fits)).entries())
                .asShortBuffer();
    }
}
