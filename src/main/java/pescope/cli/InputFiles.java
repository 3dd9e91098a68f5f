package pescope.cli;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import pescope.pe.ImageFile;

/**
 * The inputs of a batch: files named on the command line are taken as they are (so a bad one is
 * reported), folders are searched for PE images by content, not by extension, since PE files
 * come named .dll, .exe, .sys, .efi, .node, .so, .ocx or nothing at all.
 */
record InputFiles(List<Input> inputs) {

    /** One input: a file to process, or an argument or entry that could not be read. */
    record Input(Path path, String problem) {
        static Input file(Path path) {
            return new Input(path, null);
        }
    }

    static final String NO_IMAGES = "no PE images in this folder or its subfolders";

    static InputFiles expand(List<Path> arguments, boolean recursive) {
        List<Input> inputs = new ArrayList<>();
        for (Path argument : arguments) {
            if (!Files.isDirectory(argument)) {
                inputs.add(Input.file(argument));
                continue;
            }
            if (!recursive) {
                inputs.add(new Input(argument, "is a directory (use -r to process the PE files in it)"));
                continue;
            }
            List<Input> found = search(argument);
            inputs.addAll(found.isEmpty() ? List.of(new Input(argument, NO_IMAGES)) : found);
        }
        return new InputFiles(inputs);
    }

    /**
     * Every PE image under a folder, with every entry that could not be listed or read reported
     * in its place, so one bad subfolder never hides the rest of the tree. The folder itself is
     * followed when it is a symbolic link (the user named it); links inside are followed to
     * files, not to folders, so a link to "/" or to a parent does not walk the world.
     */
    private static List<Input> search(Path top) {
        List<Input> found = new ArrayList<>();
        // A stack, not recursion: a tree nested thousands deep (past PATH_MAX) must not overflow ours.
        Deque<Path> folders = new ArrayDeque<>();
        folders.push(top);
        while (!folders.isEmpty()) {
            Path folder = folders.pop();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    examine(entry, folders, found);
                }
            } catch (IOException e) {
                found.add(new Input(folder, "cannot list folder: " + ImageFile.describe(e)));
            } catch (DirectoryIteratorException e) {
                found.add(new Input(folder, "cannot list folder: " + ImageFile.describe(e.getCause())));
            }
        }
        found.sort(Comparator.comparing(Input::path));
        return found;
    }

    private static void examine(Path entry, Deque<Path> folders, List<Input> found) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                folders.push(entry);
                return;
            }
            if (attributes.isSymbolicLink()) {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            }
        } catch (IOException e) {
            // A dangling or looping link is not a file; anything else unreadable is reported.
            if (!Files.isSymbolicLink(entry)) {
                found.add(new Input(entry, ImageFile.describe(e)));
            }
            return;
        }
        if (!attributes.isRegularFile()) {
            return;
        }
        ImageFile.Sniffed sniffed = ImageFile.sniff(entry);
        if (sniffed.problem() != null) {
            found.add(new Input(entry, sniffed.problem()));
        } else if (sniffed.looksLikePe()) {
            found.add(Input.file(entry));
        }
    }
}
