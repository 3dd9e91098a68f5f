package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pescope.testing.PeLayout;

/**
 * The PE checksum leaves its own field out, wherever e_lfanew puts it and whatever the file's
 * length: a checksum written into the field is the checksum of the result. Values on real files
 * are checked against pefile in GoldenFactsTest.
 */
class ChecksumTest {

    @ParameterizedTest
    @CsvSource({"0x40, 0", "0x40, 1", "0x42, 0", "0x42, 3", "0x81, 1", "0x83, 2"})
    void aChecksumWrittenIntoTheFieldIsTheChecksumOfTheResult(String eLfanew, int extraBytes) throws Exception {
        PatchableImage written = PatchableImage.of(PeLayout.exe32().withELfanew(Integer.decode(eLfanew))
                .withSections(PeLayout.Section.data(0x1000, 0x200)));
        byte[] bytes = Arrays.copyOf(written.bytes, written.bytes.length + extraBytes);
        Arrays.fill(bytes, written.bytes.length, bytes.length, (byte) 0xA5);
        long field = written.intact.peHeaderOffset() + 24 + WholeFile.CHECKSUM_FIELD;
        long computed = FileFacts.read("f", ByteBuffer.wrap(bytes)).checksum().computed();

        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) field, (int) computed);
        Checksum again = FileFacts.read("f", ByteBuffer.wrap(bytes)).checksum();

        assertEquals(computed, again.stored());
        assertEquals(computed, again.computed());
    }

    @Test
    void anOddLastByteCountsAsTheLowByteOfAWord() throws Exception {
        PatchableImage written = PatchableImage.of(PeLayout.exe32().withSections(PeLayout.Section.data(0x1000, 0x200)));
        byte[] even = written.bytes;
        byte[] odd = Arrays.copyOf(even, even.length + 1);
        odd[even.length] = 0x01;

        long evenSum = FileFacts.read("even", ByteBuffer.wrap(even)).checksum().computed();
        long oddSum = FileFacts.read("odd", ByteBuffer.wrap(odd)).checksum().computed();

        // One more byte of length and one more in the folded sum (which is far from 0xFFFF here).
        assertEquals(evenSum + 2, oddSum);
    }
}
