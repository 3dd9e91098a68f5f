package pescope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;

/**
 * What pescope's JSON escapes beyond what JSON requires: DEL and the C1 controls (U+0085 ends a
 * line for some readers), U+2028 and U+2029 (line ends to JavaScript and to some JSON Lines
 * splitters), the bidirectional overrides, and surrogates. A byte of a name that is not UTF-8 is
 * kept as a lone surrogate U+DC80..U+DCFF (see {@code NameDecoding}) and so is written as
 * {@code \udce9}: Python's {@code json.loads} and then {@code encode("utf-8", "surrogateescape")}
 * give the file's bytes back. Every JSON output of pescope is written by a factory set up here.
 */
public final class JsonEscapes extends CharacterEscapes {

    private static final JsonEscapes INSTANCE = new JsonEscapes();
    private final int[] asciiEscapes;

    private JsonEscapes() {
        asciiEscapes = CharTypes.get7BitOutputEscapes().clone();
        asciiEscapes[0x7F] = ESCAPE_STANDARD;
    }

    /** A generator factory whose strings are escaped as described above. */
    public static JsonFactory factory() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(INSTANCE);
        return factory;
    }

    /** An object mapper writing through {@link #factory()}. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(factory());
    }

    /** A u8 field: a JSON number from 0 to 2^64-1, never Java's negative reading of the top bit. */
    public static void writeUnsigned(JsonGenerator json, String field, long value) throws IOException {
        json.writeFieldName(field);
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        boolean escaped = ch >= 0x80 && ch <= 0x9F
                || ch == 0x2028 || ch == 0x2029
                || ch >= 0x202A && ch <= 0x202E
                || ch >= 0x2066 && ch <= 0x2069
                || ch >= 0xD800 && ch <= 0xDFFF;
        return escaped ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
