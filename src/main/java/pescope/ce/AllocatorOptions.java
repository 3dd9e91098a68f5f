package pescope.ce;

import java.util.Objects;

/**
 * The modelling choices that ce-loader.md marks "default".
 *
 * @param order       when a DLL's own range is reserved relative to its imports (§3 step 8; default pre-order)
 * @param rollback    release everything a failed top-level load reserved (§3 step 10; default on)
 * @param heapSegment give each started process one heap segment after its start-up loads (§3 step 14; default off)
 */
public record AllocatorOptions(Order order, boolean rollback, boolean heapSegment) {

    public enum Order {
        /** The importer's range is reserved before its imports are loaded (the kernel's order). */
        PRE_ORDER,
        /** Imports are placed first, as KB326163's "dependent DLLs are loaded first" reads. */
        POST_ORDER
    }

    public AllocatorOptions {
        Objects.requireNonNull(order, "order");
    }

    public static AllocatorOptions defaults() {
        return new AllocatorOptions(Order.PRE_ORDER, true, false);
    }

    public AllocatorOptions withOrder(Order value) {
        return new AllocatorOptions(value, rollback, heapSegment);
    }

    public AllocatorOptions withRollback(boolean value) {
        return new AllocatorOptions(order, value, heapSegment);
    }

    public AllocatorOptions withHeapSegment(boolean value) {
        return new AllocatorOptions(order, rollback, value);
    }
}
