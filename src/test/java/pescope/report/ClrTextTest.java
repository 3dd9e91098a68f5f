package pescope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names from metadata are data: control characters cannot reach the terminal. */
class ClrTextTest {

    @Test
    void controlCharactersInNamesAreEscaped() {
        assertEquals("evil\\x1b[2Jname\\x0a", ClrText.escape("evil\u001B[2Jname\n"));
        assertEquals("plain.dll", ClrText.escape("plain.dll"));
        assertEquals("caf\u00E9\\u0085", ClrText.escape("caf\u00E9\u0085"));
    }

    @Test
    void flagNamesFollowDumpbin() {
        assertEquals(List.of("IL Only", "Strong Name Signed"), ClrText.flagNames(0x9));
        assertEquals(List.of("IL Only", "32-Bit Required", "32-Bit Preferred"), ClrText.flagNames(0x20003));
    }
}
