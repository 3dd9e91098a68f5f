package pescope.pe.clr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly;

/**
 * The heaps hand out at most four times the metadata's size plus 1 MB: rows may share an entry,
 * but a crafted table whose thousands of rows all name one large blob or string must not turn a
 * small file into gigabytes of model.
 */
class HeapsTest {

    @Test
    void rowsNamingOneLargeBlobAgainAndAgainStopAtTheBudget() {
        // One blob of 0x10000 bytes: a 4-byte length prefix (0xC0 form), then the data.
        byte[] heap = new byte[1 + 4 + 0x10000];
        heap[1] = (byte) 0xC0;
        heap[2] = 0x01;
        Arrays.fill(heap, 5, heap.length, (byte) 0x5A);
        MetadataAnomalies anomalies = new MetadataAnomalies();
        Heaps heaps = new Heaps(ByteBuffer.allocate(0), ByteBuffer.wrap(heap), ByteBuffer.allocate(0), anomalies,
                heap.length);

        int read = 0;
        for (int row = 0; row < 100; row++) {
            if (heaps.blob(1, "AssemblyRef row " + (row + 1)).isPresent()) {
                read++;
            }
        }

        // Budget: 4 * 0x10005 + 0x100000 = 1,310,740 bytes; each read costs 0x10004 = 65,540, so
        // 19 fit (1,245,260) and the 20th does not.
        assertEquals(19, read);
        List<Anomaly> found = anomalies.toList();
        assertEquals(List.of(Anomaly.Kind.DATA_EXCEEDS_FILE), found.stream().map(Anomaly::kind).toList());
        assertEquals("AssemblyRef row 20 and the strings and blobs after it not read: rows name more than 4 times"
                + " the metadata's bytes", found.get(0).message());
    }

    @Test
    void stringsAreChargedWithTheirTerminator() {
        byte[] strings = new byte[2 + 0x3FF];
        Arrays.fill(strings, 1, strings.length - 1, (byte) 'n');
        MetadataAnomalies anomalies = new MetadataAnomalies();
        Heaps heaps = new Heaps(ByteBuffer.wrap(strings), ByteBuffer.allocate(0), ByteBuffer.allocate(0), anomalies, 0);

        int read = 0;
        for (int row = 0; row < 2000; row++) {
            if (!heaps.string(1, "TypeRef").isEmpty()) {
                read++;
            }
        }

        // 0x3FF characters and a NUL: 0x400 bytes each, 1 MB of allowance for a block of size 0.
        assertEquals(0x100000 / 0x400, read);
    }
}
