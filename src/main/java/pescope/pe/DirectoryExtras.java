package pescope.pe;

import java.util.Map;
import java.util.Optional;

/**
 * Directories looked up by the type of their record rather than by a record component of their
 * own: a new directory adds a record type, not a component of {@link PeImage}.
 */
public final class DirectoryExtras {

    public static final DirectoryExtras NONE = new DirectoryExtras(Map.of());

    private final Map<Class<?>, Object> byType;

    private DirectoryExtras(Map<Class<?>, Object> byType) {
        this.byType = Map.copyOf(byType);
    }

    public static DirectoryExtras of(Map<Class<?>, Object> byType) {
        return byType.isEmpty() ? NONE : new DirectoryExtras(byType);
    }

    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(type)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirectoryExtras that && byType.equals(that.byType);
    }

    @Override
    public int hashCode() {
        return byType.hashCode();
    }

    @Override
    public String toString() {
        return "DirectoryExtras" + byType.keySet();
    }
}
