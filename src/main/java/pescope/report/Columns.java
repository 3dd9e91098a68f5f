package pescope.report;

import java.nio.charset.StandardCharsets;

/**
 * The few ways dumpbin lays a value into a column. Hand-rolled because {@code String.format}
 * parses its pattern on every call, which made header dumps of a folder twice as slow.
 */
final class Columns {

    private Columns() {}

    /** {@code text} right-aligned in {@code width} columns (never cut), like {@code %<width>s}. */
    static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    static String right(long number, int width) {
        return right(Long.toString(number), width);
    }

    /** Upper-case hex without 0x, like {@code %X}. */
    static String hex(long value) {
        return hex(value, 1);
    }

    /**
     * Upper-case hex, zero-padded to {@code digits}, like {@code %0<digits>X}: written into one
     * array, since toHexString, toUpperCase and the padding cost three Strings per number (a
     * third of the text of a --pdata dump).
     */
    static String hex(long value, int digits) {
        int width = Math.max(Utf8Bytes.hexDigits(value), digits);
        byte[] text = new byte[width];
        for (int at = width - 1; at >= 0; at--) {
            text[at] = Utf8Bytes.HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }
}
