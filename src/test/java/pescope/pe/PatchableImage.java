package pescope.pe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pescope.testing.PeLayout;
import pescope.testing.PeWriter;

/**
 * A valid image from {@link PeWriter} being damaged by hand: offsets are found through the intact
 * image as pescope reads it, then fields are overwritten in place.
 */
final class PatchableImage {

    final byte[] bytes;
    final PeImage intact;

    private PatchableImage(byte[] bytes) throws NotAPeFileException {
        this.bytes = bytes;
        this.intact = parse(bytes);
    }

    static PatchableImage of(PeLayout layout) throws NotAPeFileException {
        return new PatchableImage(PeWriter.write(layout));
    }

    PeImage parse() throws NotAPeFileException {
        return parse(bytes);
    }

    /** The file offset of an RVA in the intact image. */
    long offsetOf(long rva) {
        var h = intact.optionalHeader();
        return new RvaMapper(intact.sections(), h.sectionAlignment(), h.fileAlignment(), h.sizeOfHeaders(), intact.fileSize())
                .mapRvaToOffset(rva);
    }

    /** The file offset of a directory's first byte in the intact image. */
    long directoryOffset(int index) {
        return offsetOf(intact.directory(index).orElseThrow().rva());
    }

    /** Section {@code number} (from 1) of the intact image. */
    Section section(int number) {
        return intact.sections().get(number - 1);
    }

    /** Points data directory {@code index} at {@code rva} with {@code size}. */
    PatchableImage setDirectory(int index, long rva, long size) {
        long entry = intact.peHeaderOffset() + 24 + (intact.optionalHeader().isPe32Plus() ? 112 : 96) + 8L * index;
        return putU4(entry, rva).putU4(entry + 4, size);
    }

    PatchableImage putU2(long offset, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort((int) offset, (short) value);
        return this;
    }

    PatchableImage putU4(long offset, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset, (int) value);
        return this;
    }

    PatchableImage put(long offset, byte[] value) {
        System.arraycopy(value, 0, bytes, (int) offset, value.length);
        return this;
    }

    private static PeImage parse(byte[] bytes) throws NotAPeFileException {
        return PeReader.everything().read("patched", ByteBuffer.wrap(bytes));
    }
}
