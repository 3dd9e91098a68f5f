package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import pescope.pe.BaseRelocations;
import pescope.pe.PeImage;

/** "relocations": block and entry counts, entries by type, and whether any entry relocates anything. */
final class RelocationJson {

    private RelocationJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        BaseRelocations relocations = image.directory(BaseRelocations.class).orElse(null);
        if (relocations == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("blocks", relocations.blocks().size());
        json.writeNumberField("entries", relocations.entryCount());
        json.writeBooleanField("effective", relocations.hasEffectiveRelocations());
        json.writeObjectFieldStart("byType");
        for (Map.Entry<String, Long> e : relocations.countByType().entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
