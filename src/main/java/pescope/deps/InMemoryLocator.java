package pescope.deps;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pescope.pe.PeImage;

/**
 * Modules held in memory under made-up paths, for tests and benchmarks: fill it, then resolve.
 * Every folder above an added file exists, so device folders such as {@code \windows} resolve.
 */
public final class InMemoryLocator implements ModuleLocator {

    private final Map<Path, Map<String, Path>> folders = new HashMap<>();
    private final Map<Path, Loaded> files = new HashMap<>();

    public InMemoryLocator add(Path file, PeImage image) {
        return put(file, new Image(image));
    }

    /** A file that is there but cannot be read as a PE image. */
    public InMemoryLocator addUnreadable(Path file, String reason) {
        return put(file, new Failed(reason));
    }

    @Override
    public Optional<Path> find(Path folder, String name) {
        return Optional.ofNullable(folders.getOrDefault(folder, Map.of()).get(ModuleLocator.foldCase(name)));
    }

    @Override
    public Loaded load(Path file) {
        Loaded loaded = files.get(file);
        if (loaded != null) {
            return loaded;
        }
        return new Failed(folders.containsKey(file) ? "is a directory" : "no such file");
    }

    private InMemoryLocator put(Path file, Loaded loaded) {
        files.put(file, loaded);
        for (Path child = file; child.getFileName() != null && !child.toString().isEmpty(); child = ModuleLocator.folderOf(child)) {
            folders.computeIfAbsent(ModuleLocator.folderOf(child), p -> new HashMap<>())
                    .putIfAbsent(ModuleLocator.foldCase(child.getFileName().toString()), child);
        }
        return this;
    }
}
