package pescope.pe.clr;

import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import pescope.format.MetadataHeapEntry;
import pescope.pe.Anomaly.Kind;

/**
 * The #Strings, #Blob, #GUID and #US heaps of one metadata block. Every index is checked against
 * its heap; a bad one gives an anomaly and an empty result, never a read outside the heap.
 */
final class Heaps {

    /** Longest #Strings entry read; type and member names are far shorter. */
    static final int MAX_STRING_LENGTH = 0x400;

    /** Bytes handed out allowed per byte of metadata, and whatever its size. */
    static final long BUDGET_PER_METADATA_BYTE = 4;
    static final long BUDGET_ALLOWANCE = 1 << 20;

    private final ByteBuffer strings;
    private final ByteBuffer blobs;
    private final ByteBuffer guids;
    private final MetadataAnomalies anomalies;
    /**
     * String and blob bytes still to hand out. Rows share heap entries (a signature blob, a
     * namespace), so one entry is read many times; but thousands of rows of a damaged or crafted
     * table can all name one 1 KB string or one megabyte blob, which would make gigabytes of model
     * from a small file. Four times the metadata block, as for the image's names, plus 1 MB.
     */
    private long budgetLeft;
    private boolean budgetReported;

    Heaps(ByteBuffer strings, ByteBuffer blobs, ByteBuffer guids, MetadataAnomalies anomalies, long metadataSize) {
        this.strings = strings;
        this.blobs = blobs;
        this.guids = guids;
        this.anomalies = anomalies;
        this.budgetLeft = BUDGET_PER_METADATA_BYTE * metadataSize + BUDGET_ALLOWANCE;
    }

    /** Takes {@code length} bytes from the budget; false (reported once) when it is spent. */
    private boolean charge(long length, String where) {
        if (length <= budgetLeft) {
            budgetLeft -= length;
            return true;
        }
        if (!budgetReported) {
            budgetReported = true;
            anomalies.add(Kind.DATA_EXCEEDS_FILE, "%s and the strings and blobs after it not read: rows name more than"
                    + " %d times the metadata's bytes", where, BUDGET_PER_METADATA_BYTE);
        }
        return false;
    }

    /** The UTF-8 string at {@code index}; "" for index 0 and, with an anomaly, for a bad index. */
    String string(long index, String where) {
        if (index == 0) {
            return "";
        }
        if (index >= strings.capacity()) {
            anomalies.add(Kind.METADATA_INDEX_OUT_OF_RANGE,
                    "%s: #Strings index 0x%X is past the heap (0x%X bytes)", where, index, strings.capacity());
            return "";
        }
        int start = (int) index;
        int limit = (int) Math.min(strings.capacity(), start + (long) MAX_STRING_LENGTH);
        int end = start;
        while (end < limit && strings.get(end) != 0) {
            end++;
        }
        if (end == limit) {
            anomalies.add(Kind.METADATA_HEAP_DAMAGED,
                    "%s: #Strings entry at 0x%X has no terminator within %d bytes", where, index, limit - start);
        }
        if (!charge(end - start + 1L, where)) {
            return "";
        }
        byte[] bytes = new byte[end - start];
        strings.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The blob at {@code index}; empty for index 0, and with an anomaly for a bad index or length. */
    Optional<byte[]> blob(long index, String where) {
        if (index == 0) {
            return Optional.of(new byte[0]);
        }
        if (index >= blobs.capacity()) {
            anomalies.add(Kind.METADATA_INDEX_OUT_OF_RANGE,
                    "%s: #Blob index 0x%X is past the heap (0x%X bytes)", where, index, blobs.capacity());
            return Optional.empty();
        }
        ByteBuffer window = blobs.slice((int) index, blobs.capacity() - (int) index);
        try {
            // The length first, on its own: Kaitai sizes the data array before it reads, so a
            // hostile length would allocate up to 512 MB before failing.
            MetadataHeapEntry.CompressedUnsigned length =
                    new MetadataHeapEntry.CompressedUnsigned(new ByteBufferKaitaiStream(window.duplicate()));
            int prefix = (length.b0() & 0x80) == 0 ? 1 : (length.b0() & 0xC0) == 0x80 ? 2 : 4;
            if (!length.isValid() || length.value() > window.capacity() - prefix) {
                throw new IllegalArgumentException("length past the heap");
            }
            if (!charge(length.value() + prefix, where)) {
                return Optional.empty();
            }
            return Optional.of(new MetadataHeapEntry(new ByteBufferKaitaiStream(window)).data());
        } catch (RuntimeException e) {
            anomalies.add(Kind.METADATA_HEAP_DAMAGED,
                    "%s: #Blob entry at 0x%X runs past the heap (0x%X bytes)", where, index, blobs.capacity());
            return Optional.empty();
        }
    }

    /** The 16 bytes of GUID number {@code index} (1-based); empty for 0 or a bad index. */
    Optional<byte[]> guid(long index, String where) {
        if (index == 0) {
            return Optional.empty();
        }
        long offset = (index - 1) * 16;
        if (offset + 16 > guids.capacity()) {
            anomalies.add(Kind.METADATA_INDEX_OUT_OF_RANGE,
                    "%s: #GUID index %d is past the heap (%d GUIDs)", where, index, guids.capacity() / 16);
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        guids.get((int) offset, bytes);
        return Optional.of(bytes);
    }
}
