package pescope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.deps.ActivationContext;
import pescope.deps.FileSystemLocator;
import pescope.deps.AssemblyManifest;
import pescope.deps.ManifestSource;
import pescope.deps.SideBySide;

/**
 * The side-by-side inputs on disk: external {@code NAME.manifest} files beside a module (the
 * embedded RT_MANIFEST takes over through {@link ManifestSource} once resources are read), the
 * application folder and an optional WinSxS-shaped folder.
 */
final class SideBySideFiles implements SideBySide.Files, ManifestSource {

    private final SideBySide sideBySide;
    private final FileSystemLocator locator = new FileSystemLocator();

    SideBySideFiles(Path winsxs) {
        this.sideBySide = new SideBySide(this, this, winsxs);
    }

    /** The activation context of a root; null when it has none. Called from worker threads. */
    synchronized ActivationContext contextOf(Path root) {
        return sideBySide.contextOf(root);
    }

    @Override
    public Optional<ManifestSource.Text> manifestOf(Path module) {
        Path file = module.resolveSibling(module.getFileName() + ".manifest");
        return readText(file).map(text -> new ManifestSource.Text(file.getFileName().toString(), text));
    }

    @Override
    public Optional<Path> find(Path folder, String name) {
        return locator.find(folder, name);
    }

    @Override
    public boolean isFolder(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public List<String> list(Path folder) {
        List<String> names = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (names.size() >= FileSystemLocator.MAX_FOLDER_ENTRIES) {
                    break;
                }
                names.add(entry.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }

    /** A regular file's text, at most {@link AssemblyManifest#MAX_CHARS} bytes; UTF-8 (with or without BOM) or UTF-16 with a BOM. */
    @Override
    public Optional<String> readText(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > AssemblyManifest.MAX_CHARS) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
                return Optional.of(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE));
            }
            if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
                return Optional.of(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE));
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
