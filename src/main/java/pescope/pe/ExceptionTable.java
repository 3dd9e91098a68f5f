package pescope.pe;

import java.util.List;

/**
 * The exception directory (.pdata) of an x64 or ARM64 image: its RUNTIME_FUNCTION entries in
 * table order. For x64 each entry has begin, end and unwind-info RVAs. For ARM64 the second word is
 * either the RVA of the unwind data (.xdata) or packed unwind data; then {@code endAddress} is
 * begin plus the packed function length, and {@code unwindInfoAddress} holds the raw word.
 */
public record ExceptionTable(Form form, int count, List<RuntimeFunction> functions) {

    /**
     * {@code count} is how many entries the directory holds within the file (and the cap);
     * {@code functions} are those entries when they were asked for ({@code PeReader.Part.EXCEPTION_FUNCTIONS}),
     * else empty: the count alone costs nothing, the entries a parse each.
     */
    public ExceptionTable {
        functions = List.copyOf(functions);
    }

    public enum Form { X64, ARM64 }

    /** {@code endAddress} is 0 for an ARM64 entry whose unwind data is not packed (the length is in .xdata). */
    public record RuntimeFunction(long beginAddress, long endAddress, long unwindInfoAddress, boolean packed) {}
}
