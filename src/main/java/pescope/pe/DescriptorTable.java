package pescope.pe;

import io.kaitai.struct.KaitaiStream;
import java.util.function.Function;
import java.util.function.Predicate;
import pescope.pe.Anomaly.Kind;

/**
 * A table of fixed-size descriptors that ends with an all-zero one, as the import and
 * delay-import directories are.
 */
final class DescriptorTable {

    /** Descriptors read from one import or delay-import directory. */
    static final int MAX_IMPORTED_MODULES = 0x1000;

    private DescriptorTable() {}

    /** What to do with each descriptor of a table: its index, its RVA and the descriptor. */
    interface Visitor<D> {
        void visit(int index, long rva, D descriptor);
    }

    /**
     * Walks a table of fixed-size descriptors up to its terminator. A descriptor that is not in
     * the file ends the walk ({@code damaged} when it is the first, {@code unterminated} after
     * that), and so does {@link #MAX_IMPORTED_MODULES} descriptors without a terminator.
     */
    static <D> void walk(ParseContext context, String table, long start, int size, Function<KaitaiStream, D> parser,
            Predicate<D> isTerminator, Kind damaged, Kind unterminated, Visitor<D> visitor) {
        for (int i = 0; ; i++) {
            long rva = start + (long) i * size;
            D descriptor = context.parseAtRva(rva, size, parser);
            if (descriptor == null) {
                context.anomalyAtRva(i == 0 ? damaged : unterminated, rva, size,
                        "%s: descriptor %d at RVA 0x%X is not in the file; %d read", table, i, rva, i);
                return;
            }
            if (isTerminator.test(descriptor)) {
                return;
            }
            if (i == MAX_IMPORTED_MODULES) {
                context.anomalyAtRva(unterminated, rva, size,
                        "%s: stopped after %d descriptors without a null descriptor", table, i);
                return;
            }
            visitor.visit(i, rva, descriptor);
        }
    }
}
