package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;

/** "imports" and "delayImports": [{dll, functions: [{name, hint} | {ordinal}]}]. */
final class ImportJson {

    // Names of the fields of each row, encoded once: as Strings they were a fifth of the JSON time.
    private static final SerializedString DLL = new SerializedString("dll");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString HINT = new SerializedString("hint");
    private static final SerializedString ORDINAL = new SerializedString("ordinal");

    private ImportJson() {}

    static void writeModules(JsonGenerator json, List<ImportedModule> modules) throws IOException {
        json.writeStartArray();
        for (ImportedModule module : modules) {
            json.writeStartObject();
            json.writeFieldName(DLL);
            json.writeString(module.dllName());
            json.writeArrayFieldStart("functions");
            for (ImportedSymbol symbol : module.symbols()) {
                json.writeStartObject();
                if (symbol instanceof ImportedSymbol.ByName byName) {
                    json.writeFieldName(NAME);
                    json.writeString(byName.name());
                    json.writeFieldName(HINT);
                    json.writeNumber(byName.hint());
                } else if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                    json.writeFieldName(ORDINAL);
                    json.writeNumber(byOrdinal.ordinal());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
