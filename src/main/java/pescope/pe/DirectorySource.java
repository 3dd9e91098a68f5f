package pescope.pe;

import io.kaitai.struct.KaitaiStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the readers of the debug, load-config, TLS, relocation and exception directories share:
 * the bytes, the RVA mapper, the headers and the anomalies of one parse. Every structure is placed
 * at a file offset and parsed from a window that lies wholly inside the file.
 */
final class DirectorySource {

    final ImageBytes bytes;
    final RvaMapper mapper;
    final OptionalHeader header;
    final List<DataDirectory> directories;
    final Anomalies anomalies;

    DirectorySource(ImageBytes bytes, RvaMapper mapper, OptionalHeader header, List<DataDirectory> directories,
            Anomalies anomalies) {
        this.bytes = bytes;
        this.mapper = mapper;
        this.header = header;
        this.directories = directories;
        this.anomalies = anomalies;
    }

    Optional<DataDirectory> present(int index) {
        return index < directories.size() && directories.get(index).isPresent()
                ? Optional.of(directories.get(index)) : Optional.empty();
    }

    /** The file offset of {@code rva}, or {@link RvaMapper#NOT_IN_FILE}. */
    long offsetOf(long rva) {
        return mapper.mapRvaToOffset(rva);
    }

    /** How many bytes from {@code offset} to the end of the file (0 outside it). */
    long bytesFrom(long offset) {
        return offset < 0 || offset >= bytes.size() ? 0 : bytes.size() - offset;
    }

    /** The structure at {@code rva}, or null when its bytes are not all in the file. */
    <T> T parseAtRva(long rva, int length, Function<KaitaiStream, T> parser) {
        long offset = mapper.mapRvaToOffset(rva);
        return offset == RvaMapper.NOT_IN_FILE ? null : parseAtOffset(offset, length, parser);
    }

    /** The structure at a file offset, or null when its bytes are not all in the file. */
    <T> T parseAtOffset(long offset, long length, Function<KaitaiStream, T> parser) {
        if (length > Integer.MAX_VALUE) {
            return null;
        }
        try {
            return bytes.parseAt(offset, (int) length, parser);
        } catch (ImageBytes.TruncatedException e) {
            return null;
        }
    }

    /** {@code length} bytes at {@code offset}, zeros past the end of the file; and how many were real. */
    <T> ImageBytes.Padded<T> parsePaddedAtOffset(long offset, int length, Function<KaitaiStream, T> parser) {
        return bytes.parsePadded(offset, length, parser);
    }

    boolean isPe32Plus() {
        return header.isPe32Plus();
    }
}
