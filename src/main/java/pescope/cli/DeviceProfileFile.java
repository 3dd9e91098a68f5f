package pescope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import pescope.ce.Device;

/**
 * Reads a device profile from disk, bounded: only a regular file (a device, FIFO or /proc file
 * is refused before it is opened), at most {@link #MAX_BYTES}, strict UTF-8. Each problem is one
 * {@link Problem} sentence that names no file (the caller adds it).
 */
final class DeviceProfileFile {
    /** A profile with thousands of ROM DLLs is a few hundred KB; anything larger is not a profile. */
    static final int MAX_BYTES = 1 << 20;

    /** Why a file is not a usable device profile. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private DeviceProfileFile() {}

    static Device read(Path file) throws Problem {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new Problem("no such file");
        }
        if (Files.isDirectory(file)) {
            throw new Problem("is a folder, not a device profile");
        }
        if (!Files.isRegularFile(file)) {
            throw new Problem("not a regular file (a device, FIFO or socket cannot be a device profile)");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Problem("larger than " + MAX_BYTES / 1024 + " KB: not a device profile");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new Problem("no such file");
        } catch (AccessDeniedException e) {
            throw new Problem("permission denied");
        } catch (IOException e) {
            throw new Problem("cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new Problem("larger than " + MAX_BYTES / 1024 + " KB: not a device profile");
        }
        String text = utf8(bytes);
        Path folder = file.toAbsolutePath().getParent();
        try {
            return Device.parse(text, folder);
        } catch (IllegalArgumentException e) {
            throw new Problem("not a valid device profile: " + e.getMessage());
        }
    }

    /** Strict UTF-8 (a leading byte-order mark is allowed): a malformed byte is named by its offset. */
    private static String utf8(byte[] bytes) throws Problem {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
        } catch (MalformedInputException e) {
            throw new Problem(String.format("not UTF-8 text: byte 0x%02X at offset %d", bytes[buffer.position()] & 0xFF, buffer.position()));
        } catch (CharacterCodingException e) {
            throw new Problem("not UTF-8 text");
        }
    }
}
