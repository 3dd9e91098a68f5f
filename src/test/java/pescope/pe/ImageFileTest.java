package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path X64_DLL = TESTDATA.resolve("bin/gcc-x64.dll");
    private static final Duration NO_HANG = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void readsARegularFile() {
        ImageFile.Outcome<PeImage> read = ImageFile.read(X64_DLL, PeReader.everything());
        PeImage image = (PeImage) assertInstanceOf(ImageFile.Done.class, read).value();
        assertEquals(0x8664, image.machine());
    }

    @Test
    void aFileTruncatedWhileMappedChangedWhileBeingRead() throws IOException {
        Path copy = Files.copy(X64_DLL, temp.resolve("shrinking.dll"));
        long size = Files.size(copy);
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        // Every page of the map now faults (SIGBUS), which Java raises as an InternalError.
        ImageFile.Outcome<PeImage> read = ImageFile.parse(copy.toString(),
                new ImageFile.Contents(mapped, copy, size), PeReader.everything(), (image, bytes) -> image);
        assertEquals(new ImageFile.Failed<>("changed while being read"), read);
    }

    @Test
    void anErrorWhileUsingTheImageIsThatFilesFailure() {
        assertEquals(new ImageFile.Failed<>(String.format(
                        "too large to process in the memory available (%d MB; raise it with -Xmx)",
                        Runtime.getRuntime().maxMemory() >> 20)),
                ImageFile.read(X64_DLL, PeReader.everything(), image -> {
                    throw new OutOfMemoryError("Java heap space");
                }));
        assertEquals(new ImageFile.Failed<>("structures nested too deeply to follow (please report)"),
                ImageFile.read(X64_DLL, PeReader.everything(), image -> {
                    throw new StackOverflowError();
                }));
        assertEquals(new ImageFile.Failed<>("internal error while reading (please report): java.lang.InternalError: boom"),
                ImageFile.read(X64_DLL, PeReader.everything(), image -> {
                    throw new InternalError("boom");
                }));
    }

    @Test
    void aFifoIsNotARegularFileAndNeverBlocks() throws Exception {
        Path fifo = mkfifo(temp.resolve("pipe.dll"));
        ImageFile.Outcome<PeImage> read = assertTimeoutPreemptively(NO_HANG, () -> ImageFile.read(fifo, PeReader.everything()));
        assertEquals(new ImageFile.Failed<>("not a regular file (a FIFO)"), read);
        assertEquals(new ImageFile.Sniffed(false, "not a regular file (a FIFO)"),
                assertTimeoutPreemptively(NO_HANG, () -> ImageFile.sniff(fifo)));
    }

    @Test
    void aRegularFileSwappedForAFifoAfterItWasCheckedIsRefusedWhenOpened() throws Exception {
        Path file = Files.copy(X64_DLL, temp.resolve("swapped.dll"));
        assertEquals(new ImageFile.Sniffed(true, null), ImageFile.sniff(file));
        Files.delete(file);
        mkfifo(file);
        ImageFile.Outcome<PeImage> read = assertTimeoutPreemptively(NO_HANG, () -> ImageFile.read(file, PeReader.everything()));
        assertEquals(new ImageFile.Failed<>("not a regular file (a FIFO)"), read);
    }

    @Test
    void devicesAndProcFilesAreNotRegularFiles() {
        assertEquals(new ImageFile.Failed<>("not a regular file (a character device)"),
                assertTimeoutPreemptively(NO_HANG, () -> ImageFile.read(Path.of("/dev/zero"), PeReader.everything())));
        assertEquals(new ImageFile.Failed<>("not a regular file (a /proc or /sys entry)"),
                assertTimeoutPreemptively(NO_HANG, () -> ImageFile.read(Path.of("/proc/self/status"), PeReader.everything())));
    }

    @Test
    void aCoffObjectIsNamedAsOne() throws IOException {
        // The first 20 bytes of an x64 object file: machine 0x8664, 3 sections, no optional header.
        byte[] object = Arrays.copyOf(new byte[] {0x64, (byte) 0x86, 3, 0}, 200);
        Path file = Files.write(temp.resolve("x.obj"), object);
        assertEquals(new ImageFile.Failed<>("not a PE file: a COFF object file (x64), not an image"),
                ImageFile.read(file, PeReader.everything()));
    }

    @Test
    void anArchiveIsNamedAsOne() throws IOException {
        Path file = Files.writeString(temp.resolve("x.lib"), "!<arch>\n/               0           0     0     0       4         `\n");
        assertEquals(new ImageFile.Failed<>("not a PE file: an archive (.lib or .a), not an image"),
                ImageFile.read(file, PeReader.everything()));
    }

    @Test
    void aTextFileStartingWithMachineLikeBytesIsStillJustNotAnImage() throws IOException {
        Path file = Files.writeString(temp.resolve("notes.txt"), "db migrations, read me first\n".repeat(4));
        assertEquals(new ImageFile.Failed<>("not a PE file: no MZ signature"), ImageFile.read(file, PeReader.everything()));
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, process.waitFor(), "mkfifo " + path);
        return path;
    }
}
