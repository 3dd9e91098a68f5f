package pescope.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import pescope.pe.NameDecoding;
import picocli.CommandLine;

/**
 * A path typed on the command line. Java can only name a file whose bytes its file-name charset
 * can encode; any other (a Latin-1 name in a UTF-8 locale, any non-ASCII name under the POSIX
 * locale) is found here by listing its folder and comparing bytes, since a path read from a
 * folder keeps the bytes it was listed with.
 */
final class PathArgument implements CommandLine.ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            Path found = findByBytes(NameDecoding.encode(value));
            // Not there: a path that reads as the argument did, so "no such file" names it.
            return found != null ? found : Path.of(value.replaceAll("[^\\x00-\\x7F]", "?"));
        }
    }

    private static Path findByBytes(byte[] raw) {
        Path current = raw.length > 0 && raw[0] == '/' ? Path.of("/") : null;
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i < raw.length && raw[i] != '/') {
                continue;
            }
            if (i > start) {
                current = step(current, Arrays.copyOfRange(raw, start, i));
                if (current == null) {
                    return null;
                }
            }
            start = i + 1;
        }
        return current;
    }

    /** {@code folder}'s entry named by {@code name}'s bytes; {@code folder} null is the current folder. */
    private static Path step(Path folder, byte[] name) {
        try {
            String text = NameDecoding.decode(name);
            return folder == null ? Path.of(text) : folder.resolve(text);
        } catch (InvalidPathException e) {
            return entryNamed(folder, name);
        }
    }

    private static Path entryNamed(Path folder, byte[] name) {
        String lossy = new String(name, platformCharset());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder == null ? Path.of(".") : folder)) {
            for (Path entry : entries) {
                Path entryName = entry.getFileName();
                if (entryName.toString().equals(lossy) && Arrays.equals(NameDecoding.rawBytes(entryName), name)) {
                    return folder == null ? entryName : folder.resolve(entryName);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
