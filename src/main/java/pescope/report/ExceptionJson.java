package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.ExceptionTable;
import pescope.pe.PeImage;

/** "exceptions": the form and number of RUNTIME_FUNCTION entries (x64 and ARM64); null otherwise. */
final class ExceptionJson {

    private ExceptionJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        ExceptionTable table = image.directory(ExceptionTable.class).orElse(null);
        if (table == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("form", table.form().name());
        json.writeNumberField("count", table.count());
        json.writeEndObject();
    }
}
