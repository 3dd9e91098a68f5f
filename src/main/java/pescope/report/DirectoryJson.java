package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import pescope.pe.BoundImport;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.PeImage;

/** The import, delay-import, bound-import and export parts of the JSON object. */
final class DirectoryJson {

    private DirectoryJson() {}

    static void writeTo(JsonGenerator json, PeImage image) throws IOException {
        json.writeFieldName("imports");
        writeModules(json, image.imports());
        json.writeFieldName("delayImports");
        writeModules(json, image.delayImports());
        json.writeArrayFieldStart("boundImports");
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
        json.writeFieldName("exports");
        if (image.exports().isPresent()) {
            writeExports(json, image.exports().get());
        } else {
            json.writeNull();
        }
        DebugJson.writeTo(json, image);
        LoadConfigJson.writeTo(json, image);
        TlsJson.writeTo(json, image);
        RelocationJson.writeTo(json, image);
        ExceptionJson.writeTo(json, image);
    }

    private static void writeModules(JsonGenerator json, List<ImportedModule> modules) throws IOException {
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

    private static void writeExports(JsonGenerator json, ExportDirectory directory) throws IOException {
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
