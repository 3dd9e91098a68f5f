package pescope.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pescope.pe.PeImage;

/** The import, delay-import, bound-import and export parts of the JSON object. */
final class DirectoryJson {
    private final ObjectMapper mapper;

    DirectoryJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void addTo(ObjectNode json, PeImage image) {}
}
