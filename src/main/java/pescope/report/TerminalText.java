package pescope.report;

import pescope.pe.NameDecoding;

/**
 * Text that came from a file (a name, a path, a message quoting one) made safe to print: nothing
 * in it can move the cursor, change a terminal's title, end a line or forge one, as {@code ls -b}
 * and git show such names. Every text renderer passes names through {@link #escape}; SVG and DOT
 * build on it.
 * <ul>
 * <li>a backslash is doubled, so each escape below means one thing;
 * <li>C0 controls and DEL print as {@code \x1b}, a byte of a name that is not UTF-8 as
 *     {@code \xe9} (see {@link NameDecoding});
 * <li>C1 controls (U+0080..U+009F: U+009B is a CSI to some terminals, U+0085 a line end),
 *     the line and paragraph separators and the bidirectional overrides that reorder what a
 *     reader sees (CVE-2021-42574) print as {@code \u009b}.
 * </ul>
 */
public final class TerminalText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {}

    /** {@code text} with every character a terminal would act on escaped; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstToEscape(text);
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        out.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7F) {
                byteEscape(out, c);
            } else if (NameDecoding.isEscapedByte(c)) {
                byteEscape(out, NameDecoding.escapedByte(c));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (isActedOn(c)) {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@link #escape}d and then made character data for XML 1.0, in an element or an attribute. */
    public static String xml(String text) {
        // After escape() only characters XML 1.0 allows are left (no controls, no lone surrogates).
        return escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '\\' || c >= 0x7F && (c == 0x7F || isActedOn(c) || Character.isSurrogate(c))) {
                return i;
            }
        }
        return text.length();
    }

    /** Characters above ASCII that a terminal or a text viewer acts on instead of showing. */
    private static boolean isActedOn(char c) {
        return c >= 0x80 && c <= 0x9F
                || c == 0x2028 || c == 0x2029
                || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069
                || Character.isSurrogate(c);
    }

    private static void byteEscape(StringBuilder out, int value) {
        out.append("\\x").append(HEX[(value >> 4) & 0xF]).append(HEX[value & 0xF]);
    }
}
