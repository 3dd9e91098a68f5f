package pescope.report;

import java.util.Locale;

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
        return Long.toHexString(value).toUpperCase(Locale.ROOT);
    }

    /** Upper-case hex, zero-padded to {@code digits}, like {@code %0<digits>X}. */
    static String hex(long value, int digits) {
        String hex = hex(value);
        return hex.length() >= digits ? hex : "0".repeat(digits - hex.length()) + hex;
    }
}
