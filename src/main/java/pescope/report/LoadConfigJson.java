package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import pescope.pe.LoadConfig;
import pescope.pe.PeImage;

/** "loadConfig": every field the structure's Size covers, by its winnt.h name; null without one. */
final class LoadConfigJson {

    private LoadConfigJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        LoadConfig config = image.directory(LoadConfig.class).orElse(null);
        if (config == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (LoadConfig.Field f : config.fields()) {
            json.writeFieldName(f.name());
            writeUnsigned(json, f.value());
        }
        if (config.unknownTail() > 0) {
            json.writeNumberField("unknownTailBytes", config.unknownTail());
        }
        json.writeEndObject();
    }

    /** 64-bit fields (PE32+ pointers) are unsigned: written exactly, never negative. */
    static void writeUnsigned(JsonGenerator json, long value) throws IOException {
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }
}
