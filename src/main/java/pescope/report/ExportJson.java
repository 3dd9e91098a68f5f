package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.PeImage;

/** "exports": {name, ordinalBase, timeDateStamp, functions: [{ordinal, name?, rva | forwarder}]}, or null. */
final class ExportJson {

    private ExportJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        if (image.exports().isEmpty()) {
            json.writeNull();
            return;
        }
        ExportDirectory directory = image.exports().get();
        json.writeStartObject();
        json.writeStringField("name", directory.name());
        json.writeNumberField("ordinalBase", directory.ordinalBase());
        json.writeNumberField("timeDateStamp", directory.timeDateStamp());
        json.writeArrayFieldStart("functions");
        for (Export e : directory.exports()) {
            json.writeStartObject();
            json.writeNumberField("ordinal", e.ordinal());
            if (e.name() != null) {
                json.writeStringField("name", e.name());
            }
            if (e.isForwarder()) {
                json.writeStringField("forwarder", e.forwarder());
            } else {
                json.writeNumberField("rva", e.rva());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
