package pescope.pe;

import java.util.List;

/**
 * The exception directory (.pdata) of an x64 or ARM64 image: its RUNTIME_FUNCTION entries in
 * table order. For x64 each entry has begin, end and unwind-info RVAs. For ARM64 the second word is
 * either the RVA of the unwind data (.xdata) or packed unwind data; then {@code endAddress} is
 * begin plus the packed function length, and {@code unwindInfoAddress} holds the raw word.
 */
public record ExceptionTable(Form form, List<RuntimeFunction> functions) {

    public ExceptionTable {
        functions = List.copyOf(functions);
    }

    public enum Form { X64, ARM64 }

    /** {@code endAddress} is 0 for an ARM64 entry whose unwind data is not packed (the length is in .xdata). */
    public record RuntimeFunction(long beginAddress, long endAddress, long unwindInfoAddress, boolean packed) {}
}
