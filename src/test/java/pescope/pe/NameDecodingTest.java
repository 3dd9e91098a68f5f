package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NameDecodingTest {

    @Test
    void validUtf8IsDecodedAsUtf8() {
        assertEquals("café_xxx", NameDecoding.decode("café_xxx".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\u20ac\ud83d\ude00", NameDecoding.decode(new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}));
    }

    @Test
    void aByteThatIsNotUtf8IsKeptAsALoneSurrogate() {
        assertEquals("bad\udce9", NameDecoding.decode(new byte[] {'b', 'a', 'd', (byte) 0xE9}));
    }

    @Test
    void overlongFormsEncodedSurrogatesAndCutSequencesAreNotUtf8() {
        // C0 AF: an overlong '/'; ED A0 80: U+D800 encoded; E2 82: a sequence cut short; F4 90: above U+10FFFF.
        assertEquals("\udcc0\udcaf", NameDecoding.decode(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        assertEquals("\udced\udca0\udc80", NameDecoding.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertEquals("\udce2\udc82x", NameDecoding.decode(new byte[] {(byte) 0xE2, (byte) 0x82, 'x'}));
        assertEquals("\udcf4\udc90\udc80\udc80", NameDecoding.decode(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @Test
    void c1ControlsWrittenInUtf8AreCharacters() {
        assertEquals("\u0085\u009b", NameDecoding.decode(new byte[] {(byte) 0xC2, (byte) 0x85, (byte) 0xC2, (byte) 0x9B}));
    }

    @Test
    void aSupplementaryCodePointWhoseLowBitsLookLikeASurrogateIsEncodedBack() {
        // F4 8D BF BF is U+10DFFF, well-formed; its low 16 bits (DFFF) are in the surrogate range.
        byte[] raw = {(byte) 0xF4, (byte) 0x8D, (byte) 0xBF, (byte) 0xBF};
        assertEquals("\udbff\udfff".length(), NameDecoding.decode(raw).length());
        assertEquals(0x10DFFF, NameDecoding.decode(raw).codePointAt(0));
        assertArrayEquals(raw, NameDecoding.encode(NameDecoding.decode(raw)));
    }

    @Property
    void encodeGivesBackTheBytesDecodeRead(@ForAll byte[] raw) {
        assertArrayEquals(raw, NameDecoding.encode(NameDecoding.decode(raw)));
    }

    @Property
    void decodingAgreesWithTheJdkOnValidUtf8(@ForAll String text) {
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(wellFormed, NameDecoding.decode(wellFormed.getBytes(StandardCharsets.UTF_8)));
    }
}
