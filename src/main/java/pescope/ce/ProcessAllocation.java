package pescope.ce;

import java.util.Objects;

/** A reservation that already exists in one process's slot (a heap, a stack, a mapped region...). */
public record ProcessAllocation(String process, long base, long size, String kind) {
    public ProcessAllocation {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(kind, "kind");
        if (size <= 0) {
            throw new IllegalArgumentException("allocation size must be positive: " + size);
        }
    }
}
