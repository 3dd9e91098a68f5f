package pescope.pe;

/**
 * An RT_MANIFEST resource decoded to text. {@code name} is its id: 1 for a process manifest,
 * 2 for the one a DLL's own dependencies are resolved with, 3 for one that only
 * isolation-aware code uses.
 */
public record Manifest(ResourceKey name, ResourceKey language, String text) {

    public static final int PROCESS = 1;
    public static final int ISOLATION_AWARE = 2;
}
