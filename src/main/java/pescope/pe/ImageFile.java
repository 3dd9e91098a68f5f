package pescope.pe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one image file so that nothing about the file stops a batch: whatever goes wrong (the
 * file is a FIFO or a device, shrinks while it is read, is not a PE image, exhausts the heap or
 * trips a bug of ours) becomes one {@link Failed} line for that file. dump, deps and slot read
 * every image through here, so none of them needs its own catch blocks.
 */
public final class ImageFile {

    /**
     * Files up to this size are copied into the heap, larger ones are mapped. Measured on the 694
     * wine DLLs (bench/README.md): copying everything costs 40-50 % more CPU than mapping, and
     * at -Xmx64m a heap copy of a 26 MB DLL per thread would not fit; a map costs no heap and
     * reads only the pages a report needs. A map faults (SIGBUS) when its file is cut under it,
     * which {@link #parse} reports as "changed while being read" for that file alone.
     */
    public static final long HEAP_COPY_LIMIT = 64 << 10;
    /** The largest image read from standard input: it has to be held in the heap whole. */
    public static final int MAX_STANDARD_INPUT = 256 << 20;
    /** The path that names standard input, as for most Unix tools. */
    public static final Path STANDARD_INPUT = Path.of("-");

    static final String CHANGED = "changed while being read";

    /** Pseudo file systems whose files say they are empty and are not. */
    private static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of(
            "proc", "sysfs", "debugfs", "tracefs", "securityfs", "configfs", "cgroup", "cgroup2", "devpts");
    private static final byte[] ARCHIVE_SIGNATURE = "!<arch>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ImageFile() {}

    /** What reading one file gave: a value made from its image, or why there is none. */
    public sealed interface Outcome<T> permits Done, Failed {}

    public record Done<T>(T value) implements Outcome<T> {}

    /** The problem, in the words a user sees after "pescope: FILE: ". */
    public record Failed<T>(String problem) implements Outcome<T> {}

    /** Reads an image; see {@link #read(Path, PeReader, Function)}. */
    public static Outcome<PeImage> read(Path file, PeReader reader) {
        return read(file, reader, Function.identity());
    }

    /**
     * Reads the image in {@code file} and hands it to {@code use} (rendering it, say), so that a
     * failure in either is this file's failure alone. Never throws.
     */
    public static <T> Outcome<T> read(Path file, PeReader reader, Function<PeImage, T> use) {
        return read(file, reader, (image, bytes) -> use.apply(image));
    }

    /** As {@link #read(Path, PeReader, Function)}, for a use that needs the file's bytes too (hashing them, say). */
    public static <T> Outcome<T> read(Path file, PeReader reader, java.util.function.BiFunction<PeImage, ByteBuffer, T> use) {
        Contents contents;
        try {
            contents = contents(file);
        } catch (IOException e) {
            return new Failed<>(describe(e));
        } catch (OutOfMemoryError e) {
            return new Failed<>(outOfMemory());
        } catch (RuntimeException | Error e) {
            return new Failed<>(internalError(e));
        }
        return parse(file.toString(), contents, reader, use);
    }

    /** Parses bytes already read or mapped; a mapped file that shrinks meanwhile is caught here. */
    static <T> Outcome<T> parse(String source, Contents contents, PeReader reader,
            java.util.function.BiFunction<PeImage, ByteBuffer, T> use) {
        try {
            PeImage image;
            try {
                image = reader.read(source, contents.bytes());
            } catch (NotAPeFileException e) {
                return new Failed<>("not a PE file: " + whatItIsInstead(contents.bytes(), e.getMessage()));
            }
            return new Done<>(use.apply(image, contents.bytes().asReadOnlyBuffer()));
        } catch (OutOfMemoryError e) {
            return new Failed<>(outOfMemory());
        } catch (StackOverflowError e) {
            return new Failed<>("structures nested too deeply to follow (please report)");
        } catch (RuntimeException | Error e) {
            // A mapped page whose file was cut raises SIGBUS, which Java turns into an InternalError
            // ("a fault occurred in a recent unsafe memory access"); by the time it is caught the
            // file may be whole again (a linker rewriting it), so the error alone says it changed.
            boolean faulted = contents.mappedFrom() != null && e instanceof InternalError;
            return new Failed<>(faulted || contents.changed() ? CHANGED : internalError(e));
        }
    }

    /** A read failure in the words a user sees after "pescope: FILE: ". */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            // "File name too long", "Too many levels of symbolic links": the reason without the path.
            return fileSystem.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The bytes of a file, and whether the file has changed since they were taken. */
    record Contents(ByteBuffer bytes, Path mappedFrom, long size) {
        boolean changed() {
            if (mappedFrom == null) {
                return false;
            }
            try {
                return Files.size(mappedFrom) != size;
            } catch (IOException e) {
                return true;
            }
        }
    }

    /**
     * Checks at open time that the file is a regular file (a FIFO would block the open itself, a
     * device would read forever), then takes its bytes: a copy for most files, a map for large
     * ones. The file key is compared before and after the open, so a file swapped after the check
     * is caught rather than read.
     */
    static Contents contents(Path file) throws IOException {
        if (file.equals(STANDARD_INPUT)) {
            return new Contents(ByteBuffer.wrap(readStandardInput()), null, 0);
        }
        try (FileChannel channel = openRegularFile(file)) {
            long size = channel.size();
            if (size == 0 && isOnPseudoFileSystem(file)) {
                throw new IOException("not a regular file (a /proc or /sys entry)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new IOException(String.format("file too large (%d bytes); PE images are below 2 GB", size));
            }
            if (size <= HEAP_COPY_LIMIT) {
                return new Contents(copy(channel, (int) size), null, size);
            }
            return map(file, channel, size);
        }
    }

    /**
     * Opens a file for reading only if it is a regular file, checked just before the open (a
     * FIFO would block the open itself, a device would read forever). The file key is compared
     * after the open too, so a file swapped after the check is refused rather than read.
     */
    public static FileChannel openRegularFile(Path file) throws IOException {
        BasicFileAttributes checked = Files.readAttributes(file, BasicFileAttributes.class);
        refuseIfNotRegular(file, checked);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            BasicFileAttributes opened = Files.readAttributes(file, BasicFileAttributes.class);
            if (!Objects.equals(checked.fileKey(), opened.fileKey())) {
                throw new IOException(CHANGED);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What a folder scan makes of one file: whether it starts like a PE image, or why it cannot be read. */
    public record Sniffed(boolean looksLikePe, String problem) {}

    /**
     * Whether a file starts like a PE image ("MZ", then "PE\0\0" where e_lfanew points), reading
     * 68 bytes at most; a file that cannot be opened is a problem to report, not a non-image.
     */
    public static Sniffed sniff(Path file) {
        try (FileChannel channel = openRegularFile(file)) {
            ByteBuffer dos = ByteBuffer.allocate(PeReader.DOS_HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (channel.read(dos, 0) < PeReader.DOS_HEADER_SIZE || dos.getShort(0) != (short) PeReader.MZ) {
                return new Sniffed(false, null);
            }
            long peOffset = Integer.toUnsignedLong(dos.getInt(0x3C));
            ByteBuffer signature = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            boolean pe = channel.read(signature, peOffset) == 4 && Integer.toUnsignedLong(signature.getInt(0)) == PeReader.PE_SIGNATURE;
            return new Sniffed(pe, null);
        } catch (IOException e) {
            return new Sniffed(false, describe(e));
        } catch (RuntimeException e) {
            return new Sniffed(false, internalError(e));
        }
    }

    private static Contents map(Path file, FileChannel channel, long size) throws IOException {
        try {
            // The channel may be closed once mapped: the map lives on until the buffer is collected.
            return new Contents(channel.map(FileChannel.MapMode.READ_ONLY, 0, size), file, size);
        } catch (IOException e) {
            // Shrunk between size() and map(): "cannot extend file to required size".
            if (channel.size() < size) {
                throw new IOException(CHANGED, e);
            }
            throw e;
        }
    }

    private static ByteBuffer copy(FileChannel channel, int size) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, bytes.position()) < 0) {
                throw new IOException(CHANGED);
            }
        }
        if (channel.size() != size) {
            throw new IOException(CHANGED);
        }
        return bytes.flip();
    }

    static void refuseIfNotRegular(Path file, BasicFileAttributes attributes) throws IOException {
        if (attributes.isDirectory()) {
            throw new IOException("is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("not a regular file (" + kindOf(file) + ")");
        }
    }

    /** What a non-regular, non-directory file is, from the Unix file mode when there is one. */
    static String kindOf(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private static boolean isOnPseudoFileSystem(Path file) {
        try {
            return PSEUDO_FILE_SYSTEMS.contains(Files.getFileStore(file).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] readStandardInput() throws IOException {
        InputStream in = System.in;
        byte[] bytes = in.readNBytes(MAX_STANDARD_INPUT);
        if (bytes.length == MAX_STANDARD_INPUT && in.read() >= 0) {
            throw new IOException(String.format("standard input holds more than %d MB; save it to a file",
                    MAX_STANDARD_INPUT >> 20));
        }
        return bytes;
    }

    /** "no MZ signature" says little when the file is a COFF object or an import library. */
    static String whatItIsInstead(ByteBuffer bytes, String reason) {
        if (bytes.capacity() >= ARCHIVE_SIGNATURE.length
                && bytes.slice(0, ARCHIVE_SIGNATURE.length).equals(ByteBuffer.wrap(ARCHIVE_SIGNATURE))) {
            return "an archive (.lib or .a), not an image";
        }
        if (bytes.capacity() < 20) {
            return reason;
        }
        ByteBuffer header = bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int machine = Short.toUnsignedInt(header.getShort(0));
        // An object file has no optional header; that also keeps a text file starting "db" out.
        boolean noOptionalHeader = header.getShort(16) == 0;
        if (machine != Machine.UNKNOWN.code() && machine != PeReader.MZ && isKnownMachine(machine) && noOptionalHeader) {
            return "a COFF object file (" + Machine.describe(machine) + "), not an image";
        }
        // /bigobj objects start with machine 0 and 0xFFFF, then a version.
        if (machine == Machine.UNKNOWN.code() && Short.toUnsignedInt(header.getShort(2)) == 0xFFFF) {
            return "a COFF object file (/bigobj), not an image";
        }
        return reason;
    }

    private static boolean isKnownMachine(int code) {
        for (Machine machine : Machine.values()) {
            if (machine.code() == code) {
                return true;
            }
        }
        return false;
    }

    private static String outOfMemory() {
        return String.format("too large to process in the memory available (%d MB; raise it with -Xmx)",
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String internalError(Throwable e) {
        return "internal error while reading (please report): " + e;
    }
}
