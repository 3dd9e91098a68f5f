package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pescope.pe.Certificate;
import pescope.pe.Checksum;
import pescope.pe.Hashes;
import pescope.pe.Overlay;
import pescope.pe.ResourceEntry;
import pescope.pe.ResourceKey;
import pescope.pe.Resources;
import pescope.pe.RichHeader;
import pescope.pe.VersionInfo;

/**
 * The JSON fields "resources", "certificates", "richHeader", "overlay", "checksum" and "hashes".
 * A resource key is a number (an id) or a string (a name); a type with a standard id is its RT_
 * name without the prefix ("VERSION").
 */
final class FileFactsJson {

    private FileFactsJson() {}

    static void writeResources(JsonGenerator json, Resources resources) throws IOException {
        json.writeObjectFieldStart("resources");
        json.writeArrayFieldStart("entries");
        for (ResourceEntry e : resources.entries()) {
            json.writeStartObject();
            json.writeStringField("type", e.type().asType());
            json.writeFieldName("name");
            writeKey(json, e.name());
            json.writeFieldName("language");
            writeKey(json, e.language());
            json.writeNumberField("codePage", e.codePage());
            json.writeNumberField("rva", e.rva());
            json.writeNumberField("size", e.size());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName("versionInfo");
        if (resources.versionInfo().isPresent()) {
            writeVersion(json, resources.versionInfo().get());
        } else {
            json.writeNull();
        }
        json.writeFieldName("manifest");
        if (resources.manifest().isPresent()) {
            json.writeString(resources.manifest().get());
        } else {
            json.writeNull();
        }
        json.writeEndObject();
    }

    private static void writeVersion(JsonGenerator json, VersionInfo v) throws IOException {
        json.writeStartObject();
        if (v.hasFixedInfo()) {
            json.writeStringField("fileVersion", v.fileVersion());
            json.writeStringField("productVersion", v.productVersion());
            json.writeNumberField("fileFlags", v.fileFlags());
            json.writeNumberField("fileOS", v.fileOS());
            json.writeNumberField("fileType", v.fileType());
        }
        json.writeObjectFieldStart("strings");
        for (Map.Entry<String, Map<String, String>> table : v.strings().entrySet()) {
            json.writeObjectFieldStart(table.getKey());
            for (Map.Entry<String, String> s : table.getValue().entrySet()) {
                json.writeStringField(s.getKey(), s.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeArrayFieldStart("translations");
        for (String t : v.translations()) {
            json.writeString(t);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeKey(JsonGenerator json, ResourceKey key) throws IOException {
        if (key == null) {
            json.writeNull();
        } else if (key instanceof ResourceKey.Id id) {
            json.writeNumber(id.id());
        } else {
            json.writeString(key.toString());
        }
    }

    static void writeCertificates(JsonGenerator json, List<Certificate> certificates) throws IOException {
        json.writeArrayFieldStart("certificates");
        for (Certificate c : certificates) {
            json.writeStartObject();
            json.writeNumberField("offset", c.offset());
            json.writeNumberField("length", c.length());
            json.writeNumberField("revision", c.revision());
            json.writeNumberField("type", c.type());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static void writeRichHeader(JsonGenerator json, Optional<RichHeader> rich) throws IOException {
        json.writeFieldName("richHeader");
        if (rich.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("key", rich.get().key());
        json.writeBooleanField("checksumValid", rich.get().checksumValid());
        json.writeArrayFieldStart("entries");
        for (RichHeader.Entry e : rich.get().entries()) {
            json.writeStartObject();
            json.writeNumberField("productId", e.productId());
            json.writeNumberField("build", e.build());
            json.writeNumberField("count", e.count());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void writeOverlay(JsonGenerator json, Optional<Overlay> overlay) throws IOException {
        json.writeFieldName("overlay");
        if (overlay.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("offset", overlay.get().offset());
        json.writeNumberField("size", overlay.get().size());
        json.writeEndObject();
    }

    static void writeChecksum(JsonGenerator json, Checksum checksum) throws IOException {
        json.writeObjectFieldStart("checksum");
        json.writeNumberField("stored", checksum.stored());
        json.writeNumberField("computed", checksum.computed());
        json.writeEndObject();
    }

    static void writeHashes(JsonGenerator json, Hashes hashes) throws IOException {
        json.writeObjectFieldStart("hashes");
        json.writeStringField("md5", hashes.md5());
        json.writeStringField("sha1", hashes.sha1());
        json.writeStringField("sha256", hashes.sha256());
        json.writeStringField("imphash", hashes.imphash());
        json.writeEndObject();
    }
}
