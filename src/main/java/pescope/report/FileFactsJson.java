package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pescope.pe.Certificate;
import pescope.pe.Certificates;
import pescope.pe.PeImage;
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

    // Names of the fields of each resource entry, encoded once (see ExportJson).
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString LANGUAGE = new SerializedString("language");
    private static final SerializedString CODE_PAGE = new SerializedString("codePage");
    private static final SerializedString RVA = new SerializedString("rva");
    private static final SerializedString SIZE = new SerializedString("size");

    static void writeResources(PeImage image, JsonGenerator json) throws IOException {
        Optional<Resources> read = image.directory(Resources.class);
        if (read.isEmpty()) {
            json.writeNull();
            return;
        }
        Resources resources = read.get();
        json.writeStartObject();
        json.writeArrayFieldStart("entries");
        for (ResourceEntry e : resources.entries()) {
            json.writeStartObject();
            json.writeFieldName(TYPE);
            json.writeString(e.type().asType());
            json.writeFieldName(NAME);
            writeKey(json, e.name());
            json.writeFieldName(LANGUAGE);
            writeKey(json, e.language());
            json.writeFieldName(CODE_PAGE);
            json.writeNumber(e.codePage());
            json.writeFieldName(RVA);
            json.writeNumber(e.rva());
            json.writeFieldName(SIZE);
            json.writeNumber(e.size());
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

    static void writeCertificates(PeImage image, JsonGenerator json) throws IOException {
        json.writeStartArray();
        for (Certificate c : image.directory(Certificates.class).map(Certificates::entries).orElse(List.of())) {
            json.writeStartObject();
            json.writeNumberField("offset", c.offset());
            json.writeNumberField("length", c.length());
            json.writeNumberField("revision", c.revision());
            json.writeNumberField("type", c.type());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static void writeRichHeader(PeImage image, JsonGenerator json) throws IOException {
        Optional<RichHeader> rich = image.directory(RichHeader.class);
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

    static void writeOverlay(PeImage image, JsonGenerator json) throws IOException {
        Optional<Overlay> overlay = image.directory(Overlay.class);
        if (overlay.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("offset", overlay.get().offset());
        json.writeNumberField("size", overlay.get().size());
        json.writeEndObject();
    }

    /** Null unless the whole file was read for it (--hashes, --all). */
    static void writeChecksum(PeImage image, JsonGenerator json) throws IOException {
        Optional<Checksum> checksum = image.directory(Checksum.class);
        if (checksum.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("stored", checksum.get().stored());
        json.writeNumberField("computed", checksum.get().computed());
        json.writeEndObject();
    }

    /** Null unless the whole file was read for it (--hashes, --all). */
    static void writeHashes(PeImage image, JsonGenerator json) throws IOException {
        Optional<Hashes> read = image.directory(Hashes.class);
        if (read.isEmpty()) {
            json.writeNull();
            return;
        }
        Hashes hashes = read.get();
        json.writeStartObject();
        json.writeStringField("md5", hashes.md5());
        json.writeStringField("sha1", hashes.sha1());
        json.writeStringField("sha256", hashes.sha256());
        json.writeStringField("imphash", hashes.imphash());
        json.writeEndObject();
    }
}
