package pescope.properties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import pescope.pe.PeReader;
import pescope.testing.Mutation;
import pescope.testing.PeMutations;

/**
 * The PE files the build unpacks (third-party DLLs from Maven Central) and those in testdata/,
 * found by content and read once. Their mutations exercise what generated layouts never hold:
 * real linkers' layouts, bound and delay imports, thousands of exports.
 */
final class RealFiles {

    /** A file's name relative to its root, and its bytes (do not modify). */
    record RealFile(String name, byte[] bytes) {
        @Override
        public String toString() {
            return String.format("%s (0x%X bytes)", name, bytes.length);
        }
    }

    /** A real file and one hostile change to it. */
    record MutatedFile(RealFile file, Mutation mutation) {
        byte[] bytes() {
            return mutation.applyTo(file.bytes());
        }

        @Override
        public String toString() {
            return mutation + ", applied to " + file;
        }
    }

    private static final List<RealFile> ALL = load();

    private RealFiles() {}

    static List<RealFile> all() {
        return ALL;
    }

    /** Any file, and any of {@link PeMutations}' changes to it. */
    static Arbitrary<MutatedFile> mutated() {
        return Arbitraries.of(ALL).flatMap(file -> PeMutations.of(file.bytes()).map(mutation -> new MutatedFile(file, mutation)));
    }

    private static List<RealFile> load() {
        Path realDlls = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
        Path testdata = Path.of(System.getProperty("pescope.testdata", "testdata"));
        List<RealFile> files = Stream.of(realDlls, testdata).filter(Files::isDirectory)
                .flatMap(RealFiles::peFilesUnder).toList();
        if (files.isEmpty()) {
            throw new IllegalStateException("no PE files under " + realDlls + " or " + testdata);
        }
        return files;
    }

    private static Stream<RealFile> peFilesUnder(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(PeReader::looksLikePe).sorted().toList().stream()
                    .map(path -> new RealFile(root.getFileName() + "/" + root.relativize(path), readAll(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
