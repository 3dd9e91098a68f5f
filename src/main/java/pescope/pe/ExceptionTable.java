package pescope.pe;

import java.util.List;
import java.util.function.Supplier;

/**
 * The exception directory (.pdata) of an x64 or ARM64 image: how many RUNTIME_FUNCTION entries it
 * holds (bounded by the file and the cap) and, on first use, the entries themselves. For x64 each
 * entry has begin, end and unwind-info RVAs. For ARM64 the second word is either the RVA of the
 * unwind data (.xdata) or packed unwind data; then {@code endAddress} is begin plus the packed
 * function length, and {@code unwindInfoAddress} holds the raw word.
 *
 * <p>The entries are parsed when first asked for: the JSON object shows only the count, and a
 * batch over hundreds of DLLs should not pay for 170,000 entries it never prints. The count is
 * fixed when the directory is read, so the entries, when parsed, are exactly {@code count} of them.
 */
public final class ExceptionTable {

    public enum Form { X64, ARM64 }

    /** {@code endAddress} is 0 for an ARM64 entry whose unwind data is not packed (the length is in .xdata). */
    public record RuntimeFunction(long beginAddress, long endAddress, long unwindInfoAddress, boolean packed) {}

    private final Form form;
    private final int count;
    private Supplier<List<RuntimeFunction>> parse;
    private List<RuntimeFunction> functions;

    ExceptionTable(Form form, int count, Supplier<List<RuntimeFunction>> parse) {
        this.form = form;
        this.count = count;
        this.parse = parse;
    }

    public Form form() {
        return form;
    }

    public int count() {
        return count;
    }

    /** The entries in table order, parsed on the first call. */
    public synchronized List<RuntimeFunction> functions() {
        if (functions == null) {
            functions = List.copyOf(parse.get());
            parse = null;
        }
        return functions;
    }

    @Override
    public String toString() {
        return "ExceptionTable[" + form + ", " + count + " functions]";
    }
}
