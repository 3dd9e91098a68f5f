package pescope.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import pescope.pe.BoundImport;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.PeImage;

/** The import, delay-import, bound-import and export parts of the JSON object. */
final class DirectoryJson {

    private final ObjectMapper mapper;

    DirectoryJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void addTo(ObjectNode json, PeImage image) {
        json.set("imports", modules(image.imports()));
        json.set("delayImports", modules(image.delayImports()));
        ArrayNode bound = json.putArray("boundImports");
        for (BoundImport b : image.boundImports()) {
            ObjectNode entry = bound.addObject().put("dll", b.dllName()).put("timeDateStamp", b.timeDateStamp());
            ArrayNode forwarders = entry.putArray("forwarders");
            b.forwarders().forEach(f -> forwarders.addObject().put("dll", f.dllName()).put("timeDateStamp", f.timeDateStamp()));
        }
        json.set("exports", image.exports().map(this::exports).orElse(null));
    }

    private ArrayNode modules(List<ImportedModule> modules) {
        ArrayNode array = mapper.createArrayNode();
        for (ImportedModule module : modules) {
            ObjectNode entry = array.addObject().put("dll", module.dllName());
            ArrayNode functions = entry.putArray("functions");
            for (ImportedSymbol symbol : module.symbols()) {
                if (symbol instanceof ImportedSymbol.ByName byName) {
                    functions.addObject().put("name", byName.name()).put("hint", byName.hint());
                } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                    functions.addObject().put("ordinal", byOrdinal.ordinal());
                }
            }
        }
        return array;
    }

    private ObjectNode exports(ExportDirectory directory) {
        ObjectNode json = mapper.createObjectNode()
                .put("name", directory.name())
                .put("ordinalBase", directory.ordinalBase())
                .put("timeDateStamp", directory.timeDateStamp());
        ArrayNode functions = json.putArray("functions");
        for (Export e : directory.exports()) {
            ObjectNode f = functions.addObject().put("ordinal", e.ordinal());
            if (e.name() != null) {
                f.put("name", e.name());
            }
            if (e.isForwarder()) {
                f.put("forwarder", e.forwarder());
            } else {
                f.put("rva", e.rva());
            }
        }
        return json;
    }
}
