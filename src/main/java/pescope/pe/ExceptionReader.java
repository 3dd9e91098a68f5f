package pescope.pe;

import io.kaitai.struct.KaitaiStruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.RuntimeFunctionTable;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the exception directory (.pdata) of x64 and ARM64 images. Other machines use other
 * layouts (ARMNT, MIPS, IA-64) or none (i386); their directory is left unread.
 */
final class ExceptionReader implements DirectoryReader<ExceptionTable> {

    /** RUNTIME_FUNCTION entries read from one directory; a very large DLL has a few hundred thousand. */
    static final int MAX_RUNTIME_FUNCTIONS = 0x80000;

    /** The context of one parse; null in the registry's instance, which makes one per parse. */
    private final DirectorySource source;

    ExceptionReader() {
        this(null);
    }

    private ExceptionReader(DirectorySource source) {
        this.source = source;
    }

    @Override
    public Class<ExceptionTable> type() {
        return ExceptionTable.class;
    }

    @Override
    public Optional<ExceptionTable> read(ParseContext context, DataDirectory entry) {
        return new ExceptionReader(new DirectorySource(context)).read(entry);
    }

    private Optional<ExceptionTable> read(DataDirectory dir) {
        int machine = source.machine();
        ExceptionTable.Form form = machine == Machine.AMD64.code() ? ExceptionTable.Form.X64
                : machine == Machine.ARM64.code() || machine == Machine.ARM64X.code() ? ExceptionTable.Form.ARM64 : null;
        if (form == null) {
            return Optional.empty();
        }
        boolean arm64 = form == ExceptionTable.Form.ARM64;
        int entrySize = arm64 ? 8 : 12;
        long declared = dir.size() / entrySize;
        long count = declared;
        if (count > MAX_RUNTIME_FUNCTIONS) {
            source.anomaly(Kind.EXCEPTION_TABLE_TOO_LONG,
                    "exception directory holds %d entries; reading the first %d", declared, MAX_RUNTIME_FUNCTIONS);
            count = MAX_RUNTIME_FUNCTIONS;
        }
        long offset = source.offsetOf(dir.rva());
        long inFile = offset == RvaMapper.NOT_IN_FILE ? 0 : source.bytesFrom(offset) / entrySize;
        if (count > inFile) {
            source.anomaly(Kind.EXCEPTION_DIRECTORY_DAMAGED,
                    "exception directory at RVA 0x%X: only %d of %d entries are in the file", dir.rva(), inFile, declared);
            count = inFile;
        }
        int n = (int) count;
        if (n == 0) {
            return Optional.of(new ExceptionTable(form, 0, List::of));
        }
        // Bounded and checked against the file above, so the later parse cannot fail or grow.
        DirectorySource bytes = source;
        long at = offset;
        return Optional.of(new ExceptionTable(form, n, () -> parseFunctions(bytes, at, n, arm64, entrySize)));
    }

    private static List<ExceptionTable.RuntimeFunction> parseFunctions(DirectorySource source, long offset, int n,
            boolean arm64, int entrySize) {
        RuntimeFunctionTable table = source.parseAtOffset(offset, (long) n * entrySize,
                io -> new RuntimeFunctionTable(io, n, arm64));
        List<ExceptionTable.RuntimeFunction> functions = new ArrayList<>(n);
        for (KaitaiStruct entry : table.entries()) {
            functions.add(arm64 ? arm64Function((RuntimeFunctionTable.Arm64Entry) entry)
                    : x64Function((RuntimeFunctionTable.X64Entry) entry));
        }
        return functions;
    }

    private static ExceptionTable.RuntimeFunction x64Function(RuntimeFunctionTable.X64Entry e) {
        return new ExceptionTable.RuntimeFunction(e.beginAddress(), e.endAddress(), e.unwindInfoAddress(), false);
    }

    private static ExceptionTable.RuntimeFunction arm64Function(RuntimeFunctionTable.Arm64Entry e) {
        boolean packed = e.isPacked();
        long end = packed ? e.beginAddress() + e.functionLength() : 0;
        return new ExceptionTable.RuntimeFunction(e.beginAddress(), end, e.unwindData(), packed);
    }
}
