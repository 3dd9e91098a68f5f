package pescope.deps;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pescope.pe.Directory;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeReader;

/**
 * Finds modules in real folders. Each folder is listed once and remembered, so a name lookup is a
 * map lookup however many modules ask; the listing is a snapshot taken on first use.
 */
public final class FileSystemLocator implements ModuleLocator {

    /** More entries than this in one folder are not indexed; no real system folder comes close. */
    public static final int MAX_FOLDER_ENTRIES = 1 << 20;

    /**
     * Parsed modules kept for the next graph: resolving a folder of roots meets the same system
     * DLLs again and again. Least recently used first out, so the heap stays bounded.
     */
    public static final int MAX_CACHED_MODULES = 4096;

    private final PeReader reader;
    private final Map<Path, Map<String, Path>> listings = new HashMap<>();
    private final Map<Path, Loaded> loaded = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
            return size() > MAX_CACHED_MODULES;
        }
    };

    /** Reads modules with the parts resolution needs: imports, delay imports and exports. */
    public FileSystemLocator() {
        this(new PeReader(EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT, Directory.EXPORT)));
    }

    public FileSystemLocator(PeReader reader) {
        this.reader = reader;
    }

    @Override
    public Optional<Path> find(Path folder, String name) {
        return Optional.ofNullable(listing(folder).get(ModuleLocator.foldCase(name)));
    }

    @Override
    public Loaded load(Path file) {
        return loaded.computeIfAbsent(file.toAbsolutePath().normalize(), key -> read(file));
    }

    private Loaded read(Path file) {
        try {
            return new Image(reader.read(file));
        } catch (NotAPeFileException e) {
            return new Failed("not a PE file: " + e.getMessage());
        } catch (IOException e) {
            return new Failed(PeReader.describe(e));
        } catch (RuntimeException e) {
            return new Failed("internal error while reading (please report): " + e);
        }
    }

    private Map<String, Path> listing(Path folder) {
        return listings.computeIfAbsent(folder, FileSystemLocator::list);
    }

    /** A folder that cannot be listed holds nothing, as for the loader. */
    private static Map<String, Path> list(Path folder) {
        Map<String, Path> entries = new HashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder.toString().isEmpty() ? Path.of(".") : folder)) {
            for (Path entry : stream) {
                if (entries.size() >= MAX_FOLDER_ENTRIES) {
                    break;
                }
                String name = entry.getFileName().toString();
                // Two names differing only in case (possible on Linux): the first listed wins.
                entries.putIfAbsent(ModuleLocator.foldCase(name), folder.resolve(name));
            }
        } catch (IOException | SecurityException e) {
            return Map.of();
        }
        return entries;
    }
}
