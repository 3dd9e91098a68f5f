package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;

/** "imports" and "delayImports": [{dll, functions: [{name, hint} | {ordinal}]}]. */
final class ImportJson {

    private ImportJson() {}

    static void writeModules(JsonGenerator json, List<ImportedModule> modules) throws IOException {
        json.writeStartArray();
        for (ImportedModule module : modules) {
            json.writeStartObject();
            json.writeStringField("dll", module.dllName());
            json.writeArrayFieldStart("functions");
            for (ImportedSymbol symbol : module.symbols()) {
                json.writeStartObject();
                if (symbol instanceof ImportedSymbol.ByName byName) {
                    json.writeStringField("name", byName.name());
                    json.writeNumberField("hint", byName.hint());
                } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                    json.writeNumberField("ordinal", byOrdinal.ordinal());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
