package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Optional;
import pescope.pe.clr.AssemblyIdentity;
import pescope.pe.clr.ClrHeader;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.PInvokeImport;

/** The "clr" member of an image's JSON object: null for a native image. Field names are a public contract. */
public final class ClrJson {

    private ClrJson() {}

    /** The JsonBlock writer: the image's "clr" value. */
    static void write(pescope.pe.PeImage image, JsonGenerator json) throws IOException {
        writeValue(json, image.directory(ClrImage.class));
    }

    /** The value only; null for a native image. The anomalies are the image's, located in "clr". */
    public static void writeValue(JsonGenerator json, Optional<ClrImage> clr) throws IOException {
        if (clr.isEmpty()) {
            json.writeNull();
            return;
        }
        ClrImage c = clr.get();
        json.writeStartObject();
        json.writeStringField("runtimeVersion", c.runtimeVersion());
        ClrHeader h = c.header();
        if (h != null) {
            json.writeStringField("headerVersion", h.majorRuntimeVersion() + "." + h.minorRuntimeVersion());
            json.writeObjectFieldStart("flags");
            json.writeNumberField("value", h.flags());
            json.writeBooleanField("ilOnly", h.ilOnly());
            json.writeBooleanField("requires32Bit", h.requires32Bit());
            json.writeBooleanField("prefers32Bit", h.prefers32Bit());
            json.writeBooleanField("strongNameSigned", h.strongNameSigned());
            json.writeBooleanField("nativeEntryPoint", h.nativeEntryPoint());
            json.writeEndObject();
            json.writeNumberField("entryPointToken", h.entryPointToken());
            location(json, "metadata", h.metadata());
            location(json, "resources", h.resources());
            location(json, "strongNameSignature", h.strongNameSignature());
            location(json, "vtableFixups", h.vtableFixups());
        }
        json.writeFieldName("assembly");
        if (c.assembly().isPresent()) {
            identity(json, c.assembly().get());
        } else {
            json.writeNull();
        }
        json.writeArrayFieldStart("assemblyRefs");
        for (AssemblyIdentity ref : c.assemblyRefs()) {
            identity(json, ref);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("moduleRefs");
        for (String module : c.moduleRefs()) {
            json.writeString(module);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("pinvoke");
        for (PInvokeImport p : c.pinvokes()) {
            json.writeStartObject();
            json.writeStringField("module", p.module());
            json.writeStringField("entryPoint", p.entryPoint());
            json.writeStringField("charSet", ClrText.charSet(p.charSet()));
            json.writeBooleanField("exactSpelling", p.exactSpelling());
            json.writeStringField("callingConvention", p.callingConvention());
            json.writeBooleanField("setLastError", p.setLastError());
            json.writeStringField("bestFitMapping", p.bestFitMapping());
            json.writeStringField("method", p.method());
            if (p.argumentBytes() == null) {
                json.writeNullField("argumentBytes");
            } else {
                json.writeNumberField("argumentBytes", p.argumentBytes());
            }
            json.writeNumberField("mappingFlags", p.mappingFlags());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void identity(JsonGenerator json, AssemblyIdentity a) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", a.name());
        json.writeStringField("version", a.version());
        json.writeStringField("culture", a.culture());
        json.writeStringField("publicKeyToken", a.publicKeyToken());
        json.writeNumberField("flags", a.flags());
        json.writeEndObject();
    }

    private static void location(JsonGenerator json, String name, ClrHeader.Location location) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("rva", location.rva());
        json.writeNumberField("size", location.size());
        json.writeEndObject();
    }
}
