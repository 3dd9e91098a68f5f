package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.PeImage;

/** "exports": {name, ordinalBase, timeDateStamp, functions: [{ordinal, name?, rva | forwarder}]}, or null. */
final class ExportJson {

    // Names of the fields of each row, encoded once: as Strings they were a fifth of the JSON time.
    private static final SerializedString ORDINAL = new SerializedString("ordinal");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString FORWARDER = new SerializedString("forwarder");
    private static final SerializedString RVA = new SerializedString("rva");

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
            json.writeFieldName(ORDINAL);
            json.writeNumber(e.ordinal());
            if (e.name() != null) {
                json.writeFieldName(NAME);
                json.writeString(e.name());
            }
            if (e.isForwarder()) {
                json.writeFieldName(FORWARDER);
                json.writeString(e.forwarder());
            } else {
                json.writeFieldName(RVA);
                json.writeNumber(e.rva());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
