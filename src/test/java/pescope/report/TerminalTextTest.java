package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void c0ControlsAndDelPrintAsHexBytes() {
        assertEquals("\\x1b]0;title\\x07\\x0d\\x0a\\x00\\x7f", TerminalText.escape("\u001b]0;title\u0007\r\n\u0000\u007f"));
    }

    @Test
    void aBackslashIsDoubledSoEveryEscapeIsUnambiguous() {
        assertEquals("a\\\\x1b", TerminalText.escape("a\\x1b"));
    }

    @Test
    void c1ControlsSeparatorsAndBidiOverridesPrintAsCodePoints() {
        assertEquals("\\u0085\\u009b\\u2028\\u2029\\u202e\\u2066", TerminalText.escape("\u0085\u009b\u2028\u2029\u202e\u2066"));
    }

    @Test
    void aByteThatWasNotUtf8PrintsAsThatByte() {
        assertEquals("bad\\xe9", TerminalText.escape("bad\udce9"));
    }

    @Test
    void printableTextAndSurrogatePairsAreUnchanged() {
        assertEquals("café \ud83d\ude00 →", TerminalText.escape("café \ud83d\ude00 →"));
    }

    @Test
    void aLoneSurrogateOutsideTheByteRangePrintsAsCodePoint() {
        assertEquals("\\ud800x", TerminalText.escape("\ud800x"));
    }

    @Test
    void xmlEscapesMarkupAfterTheTerminalEscapes() {
        assertEquals("&lt;a&gt; &amp; &quot;\\x1b\\x00", TerminalText.xml("<a> & \"\u001b\u0000"));
    }
}
