package pescope.pe;

import java.util.List;

/**
 * One leaf of the resource tree with the keys on its path: type, name and language in a
 * well-formed tree (three levels); a shallower or deeper tree gives fewer or more keys.
 * {@code rva} and {@code size} say where the resource's bytes are.
 */
public record ResourceEntry(List<ResourceKey> path, long codePage, long rva, long size) {

    public ResourceEntry {
        path = List.copyOf(path);
    }

    public ResourceKey type() {
        return path.get(0);
    }

    /** The second key, or null in a tree with a leaf right under its type. */
    public ResourceKey name() {
        return path.size() > 1 ? path.get(1) : null;
    }

    /** The last key below the name (the language in a three-level tree), or null. */
    public ResourceKey language() {
        return path.size() > 2 ? path.get(path.size() - 1) : null;
    }
}
