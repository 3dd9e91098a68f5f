package pescope.pe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Names are bytes: export, import, DLL and section names in a file, and file names on Linux.
 * Here they become strings, once: UTF-8 where the bytes are valid UTF-8, and each byte that is not
 * kept as the lone surrogate U+DC00 + byte (Python's "surrogateescape", PEP 383), so nothing is
 * lost, {@link #encode} gives the bytes back, and a renderer can show such a byte as {@code \xE9}.
 */
public final class NameDecoding {

    /** Where an undecodable byte b is kept: U+DC80..U+DCFF (a byte below 0x80 is always ASCII). */
    private static final char ESCAPED_BYTE_BASE = 0xDC00;

    private NameDecoding() {}

    public static String decode(byte[] raw) {
        return decode(raw, 0, raw.length);
    }

    public static String decode(byte[] raw, int offset, int length) {
        int end = offset + length;
        int firstNonAscii = offset;
        while (firstNonAscii < end && raw[firstNonAscii] >= 0) {
            firstNonAscii++;
        }
        if (firstNonAscii == end) {
            return new String(raw, offset, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(length);
        out.append(new String(raw, offset, firstNonAscii - offset, StandardCharsets.ISO_8859_1));
        int i = firstNonAscii;
        while (i < end) {
            int b = raw[i] & 0xFF;
            int sequence = b < 0x80 ? 1 : utf8SequenceLength(raw, i, end);
            if (sequence == 0) {
                out.append((char) (ESCAPED_BYTE_BASE + b));
                i++;
            } else if (sequence == 1) {
                out.append((char) b);
                i++;
            } else {
                out.append(new String(raw, i, sequence, StandardCharsets.UTF_8));
                i += sequence;
            }
        }
        return out.toString();
    }

    /** The bytes {@link #decode} read: UTF-8, with each escaped byte given back as itself. */
    public static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            if (isEscapedByte(codePoint)) {
                out.write(codePoint - ESCAPED_BYTE_BASE);
            } else if (Character.isBmpCodePoint(codePoint) && Character.isSurrogate((char) codePoint)) {
                // A lone surrogate; the test is on BMP code points only: (char) of U+10DFFF is
                // U+DFFF, which made a valid 4-byte sequence come back as '?'.
                out.write('?');
            } else {
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
            i += Character.charCount(codePoint);
        }
        return out.toByteArray();
    }

    /** True for a char that stands for a byte that was not UTF-8. */
    public static boolean isEscapedByte(int codePoint) {
        return codePoint >= ESCAPED_BYTE_BASE + 0x80 && codePoint <= ESCAPED_BYTE_BASE + 0xFF;
    }

    /** The byte an escaped char stands for; see {@link #isEscapedByte}. */
    public static int escapedByte(int codePoint) {
        return codePoint - ESCAPED_BYTE_BASE;
    }

    /**
     * A path as {@link #decode} reads its bytes. Java turns file-name bytes that are not in the
     * platform charset into U+FFFD in {@code toString}, but a path keeps the bytes, which its URI
     * shows: so a name that is not UTF-8 reads "bad\xE9.dll", not "bad\uFFFD.dll".
     */
    public static String ofPath(Path path) {
        String text = path.toString();
        if (text.indexOf('\uFFFD') < 0 || path.getFileSystem() != FileSystems.getDefault()
                || !"/".equals(path.getFileSystem().getSeparator())) {
            return text;
        }
        return decode(rawBytes(path));
    }

    /** The bytes the file system knows a path by. */
    public static byte[] rawBytes(Path path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (path.isAbsolute()) {
            out.write('/');
        }
        boolean first = true;
        for (Path element : path) {
            if (!first) {
                out.write('/');
            }
            first = false;
            byte[] raw = lastSegmentOfUri(element);
            out.write(raw, 0, raw.length);
        }
        return out.toByteArray();
    }

    private static byte[] lastSegmentOfUri(Path element) {
        String uriPath = element.toAbsolutePath().toUri().getRawPath();
        int end = uriPath.endsWith("/") ? uriPath.length() - 1 : uriPath.length();
        int start = uriPath.lastIndexOf('/', end - 1) + 1;
        return percentDecode(uriPath.substring(start, end));
    }

    private static byte[] percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toByteArray();
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
     */
    private static int utf8SequenceLength(byte[] raw, int i, int end) {
        int b0 = raw[i] & 0xFF;
        int length;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            if (b0 == 0xE0) {
                min2 = 0xA0;
            } else if (b0 == 0xED) {
                max2 = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            if (b0 == 0xF0) {
                min2 = 0x90;
            } else if (b0 == 0xF4) {
                max2 = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + length > end) {
            return 0;
        }
        int b1 = raw[i + 1] & 0xFF;
        if (b1 < min2 || b1 > max2) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int b = raw[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
