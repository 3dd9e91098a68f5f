package pescope.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The output buffer encodes as Java's own UTF-8 encoder does, and formats numbers as String.format. */
class Utf8BytesTest {

    /** Short and long (the two paths), ASCII, 2- and 3-byte characters, a pair, lone surrogates. */
    private static final List<String> TEXTS = List.of("", "a", "RVA, ", "  Summary\n\n", "ntdll.RtlAllocateHeap",
            "café", "café.dll and more words", "版本信息", "文件版本 1.0.0.0 (long enough)", "\uD83D\uDE00",
            "emoji \uD83D\uDE00 in a long name", "lone \uDCE9 low", "lone \uD83D high at the end of a long text \uD83D",
            "\uDCE9", "\u0085\u2028\u202E");

    @Test
    void encodesTextAsJavasUtf8EncoderDoes() {
        for (String text : TEXTS) {
            Utf8Bytes out = new Utf8Bytes();
            out.append(text);
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), out.toByteArray(), text);
            Utf8Bytes chars = new Utf8Bytes();
            text.chars().forEach(c -> chars.append((char) c));
            // Char by char, a pair is two lone surrogates: '?' each, as the encoder writes a lone one.
            StringBuilder lone = new StringBuilder();
            text.chars().forEach(c -> lone.append(Character.isSurrogate((char) c) ? '?' : (char) c));
            assertArrayEquals(lone.toString().getBytes(StandardCharsets.UTF_8), chars.toByteArray(), text);
        }
    }

    @Test
    void appendsAfterWhatItHolds() {
        Utf8Bytes out = new Utf8Bytes();
        out.append("Dump of file ").append("café.dll").append('\n').append(-42).append(' ').append(Long.MIN_VALUE);
        assertEquals("Dump of file café.dll\n-42 " + Long.MIN_VALUE, out.toString());
    }

    @Test
    void hexIsUpperCaseAndZeroPaddedLikeStringFormat() {
        long[] values = {0, 1, 0xF, 0x10, 0xABCDEF, 0xFFFFFFFFL, 0x1_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL, -1, Long.MIN_VALUE};
        for (long value : values) {
            for (int digits : new int[] {1, 4, 8, 16}) {
                Utf8Bytes out = new Utf8Bytes();
                out.appendHex(value, digits);
                assertEquals(String.format("%0" + digits + "X", value), out.toString(), value + " in " + digits);
                assertEquals(String.format("%0" + digits + "X", value), Columns.hex(value, digits));
            }
            assertEquals(String.format("%X", value), Columns.hex(value));
        }
    }

    @Test
    void columnsAreRightAlignedLikeStringFormat() {
        TextOut out = TextOut.collecting();
        out.appendRight(5, 11).appendRight(-12345, 4).appendHexRight(0x1A2B, 8).appendHexRight(0x123456789L, 4).appendRight("abc", 6);
        assertEquals(String.format("%11d%4d%8X%4X%6s", 5, -12345, 0x1A2B, 0x123456789L, "abc"), out.toString());
    }

    @Test
    void growsPastItsFirstArrayAndStopsAtItsLimit() {
        Utf8Bytes unlimited = new Utf8Bytes();
        String row = "      1    0 00001000 SomeFunction\n";
        for (int i = 0; i < 10_000; i++) {
            unlimited.append(row);
        }
        assertEquals(row.length() * 10_000, unlimited.size());
        Utf8Bytes limited = new Utf8Bytes(100);
        limited.append("x".repeat(90));
        assertThrows(Utf8Bytes.Full.class, () -> limited.append("y".repeat(20)));
        assertThrows(Utf8Bytes.Full.class, () -> limited.write(new byte[20], 0, 20));
        assertEquals(90, limited.size());
    }
}
