package pescope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import pescope.pe.PeReader;

/**
 * The inputs of a batch: files named on the command line are taken as they are (so a bad one is
 * reported), folders are searched for PE images by content, not by extension, since PE files
 * come named .dll, .exe, .sys, .efi, .node, .so, .ocx or nothing at all.
 */
record InputFiles(List<Input> inputs) {

    /** One input: a file to process, or an argument that could not be expanded. */
    record Input(Path path, String problem) {
        static Input file(Path path) {
            return new Input(path, null);
        }
    }

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
            try (Stream<Path> walk = Files.walk(argument)) {
                walk.filter(Files::isRegularFile).sorted().filter(PeReader::looksLikePe).map(Input::file).forEach(inputs::add);
            } catch (IOException | UncheckedIOException e) {
                inputs.add(new Input(argument, "cannot list folder: " + e.getMessage()));
            }
        }
        return new InputFiles(inputs);
    }
}
