package pescope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import pescope.deps.ActivationContext;
import pescope.deps.FileSystemLocator;
import pescope.deps.AssemblyManifest;
import pescope.deps.ManifestSource;
import pescope.deps.SideBySide;
import pescope.pe.Directory;
import pescope.pe.Manifest;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.Resources;

/**
 * The side-by-side inputs on disk: a module's manifest (its embedded RT_MANIFEST, #1 for an EXE
 * and #2 for a DLL, which Windows prefers; else an external {@code NAME.manifest} beside it), the
 * application folder and an optional WinSxS-shaped folder.
 */
final class SideBySideFiles implements SideBySide.Files, ManifestSource {

    private final SideBySide sideBySide;
    private final FileSystemLocator locator = new FileSystemLocator();
    private final PeReader resourceReader = new PeReader(EnumSet.of(Directory.RESOURCE));

    SideBySideFiles(Path winsxs) {
        this.sideBySide = new SideBySide(this, this, winsxs);
    }

    /** The activation context of a root; null when it has none. Called from worker threads. */
    synchronized ActivationContext contextOf(Path root) {
        return sideBySide.contextOf(root);
    }

    @Override
    public Optional<ManifestSource.Text> manifestOf(Path module) {
        Optional<ManifestSource.Text> embedded = embedded(module);
        if (embedded.isPresent()) {
            return embedded;
        }
        Path file = module.resolveSibling(module.getFileName() + ".manifest");
        return readText(file).map(text -> new ManifestSource.Text(file.getFileName().toString(), text));
    }

    /** The RT_MANIFEST resource the loader takes for this module; a module that cannot be read has none. */
    private Optional<ManifestSource.Text> embedded(Path module) {
        if (!Files.isRegularFile(module)) {
            return Optional.empty();
        }
        try {
            PeImage image = resourceReader.read(module);
            int id = image.isDll() ? Manifest.ISOLATION_AWARE : Manifest.PROCESS;
            return image.directory(Resources.class).flatMap(resources -> resources.sideBySideManifest(image.isDll()))
                    .map(text -> new ManifestSource.Text(module.getFileName() + " RT_MANIFEST #" + id, text));
        } catch (IOException | NotAPeFileException | RuntimeException e) {
            return Optional.empty();
        }
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
