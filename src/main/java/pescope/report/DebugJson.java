package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.DebugData;
import pescope.pe.DebugDirectory;
import pescope.pe.DebugEntry;
import pescope.pe.PeImage;

/** "debug": the debug directory entries, with what their data says; null without a debug directory. */
final class DebugJson {

    private DebugJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        DebugDirectory debug = image.directory(DebugDirectory.class).orElse(null);
        if (debug == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (DebugEntry e : debug.entries()) {
            json.writeStartObject();
            json.writeStringField("type", e.typeName());
            json.writeNumberField("typeCode", e.type());
            json.writeNumberField("characteristics", e.characteristics());
            json.writeNumberField("timeDateStamp", e.timeDateStamp());
            json.writeNumberField("majorVersion", e.majorVersion());
            json.writeNumberField("minorVersion", e.minorVersion());
            json.writeNumberField("sizeOfData", e.sizeOfData());
            json.writeNumberField("addressOfRawData", e.addressOfRawData());
            json.writeNumberField("pointerToRawData", e.pointerToRawData());
            if (e.data().isPresent()) {
                writeData(json, e.data().get());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeData(JsonGenerator json, DebugData data) throws IOException {
        if (data instanceof DebugData.CodeView cv) {
            json.writeObjectFieldStart("codeView");
            json.writeStringField("signature", cv.format());
            if (cv.guid() != null) {
                json.writeStringField("guid", cv.guid());
            }
            if (DebugData.CodeView.NB10.equals(cv.format())) {
                json.writeNumberField("timeSignature", cv.signature());
            }
            json.writeNumberField("age", cv.age());
            json.writeStringField("pdbPath", cv.pdbPath());
            json.writeEndObject();
        } else if (data instanceof DebugData.VcFeature f) {
            json.writeObjectFieldStart("vcFeature");
            json.writeNumberField("preVc11", f.preVc11());
            json.writeNumberField("cAndCpp", f.cAndCpp());
            json.writeNumberField("gs", f.gs());
            json.writeNumberField("sdl", f.sdl());
            json.writeNumberField("guardN", f.guardN());
            json.writeEndObject();
        } else if (data instanceof DebugData.Pogo p) {
            json.writeObjectFieldStart("pogo");
            json.writeNumberField("signature", p.signature());
            json.writeStringField("signatureName", p.signatureName());
            json.writeArrayFieldStart("entries");
            for (DebugData.PogoEntry entry : p.entries()) {
                json.writeStartObject();
                json.writeNumberField("rva", entry.rva());
                json.writeNumberField("size", entry.size());
                json.writeStringField("name", entry.name());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (data instanceof DebugData.Repro r) {
            StringBuilder hex = new StringBuilder();
            for (byte b : r.hash()) {
                hex.append(Columns.hex(b & 0xFF, 2));
            }
            json.writeObjectFieldStart("repro");
            json.writeStringField("hash", hex.toString());
            json.writeEndObject();
        } else if (data instanceof DebugData.ExDllCharacteristics ex) {
            json.writeObjectFieldStart("exDllCharacteristics");
            json.writeNumberField("flags", ex.flags());
            json.writeArrayFieldStart("names");
            for (String name : FlagNames.describe(ex.flags(), DebugText.EX_DLL_CHARACTERISTICS)) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
