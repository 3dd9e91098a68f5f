package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.BoundImport;
import pescope.pe.PeImage;

/** "boundImports": [{dll, timeDateStamp, forwarders: [{dll, timeDateStamp}]}]. */
final class BoundImportJson {

    private BoundImportJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        json.writeStartArray();
        for (BoundImport b : image.boundImports()) {
            json.writeStartObject();
            json.writeStringField("dll", b.dllName());
            json.writeNumberField("timeDateStamp", b.timeDateStamp());
            json.writeArrayFieldStart("forwarders");
            for (BoundImport.Forwarder f : b.forwarders()) {
                json.writeStartObject();
                json.writeStringField("dll", f.dllName());
                json.writeNumberField("timeDateStamp", f.timeDateStamp());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
