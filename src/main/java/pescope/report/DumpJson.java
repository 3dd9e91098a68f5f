package pescope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import pescope.pe.Anomaly;
import pescope.pe.DataDirectory;
import pescope.pe.FileHeader;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * One JSON object per image (a line of JSON Lines). Field names are a public contract: later
 * versions add fields, never rename them. Written with Jackson's streaming generator rather than
 * a tree: a batch writes megabytes of it, and the tree cost a third of a warm run.
 */
public final class DumpJson {

    private final JsonFactory factory = new JsonFactory();

    public String render(PeImage image, String displayName) {
        return write(json -> writeImage(json, image, displayName));
    }

    public String error(String displayName, String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("file", displayName);
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private void writeImage(JsonGenerator json, PeImage image, String displayName) throws IOException {
        FileHeader f = image.fileHeader();
        OptionalHeader h = image.optionalHeader();
        json.writeStartObject();
        json.writeStringField("file", displayName);
        json.writeStringField("format", h.formatName());
        json.writeNumberField("machine", f.machine());
        json.writeNumberField("numberOfSections", f.numberOfSections());
        json.writeNumberField("timeDateStamp", f.timeDateStamp());
        json.writeNumberField("pointerToSymbolTable", f.pointerToSymbolTable());
        json.writeNumberField("numberOfSymbols", f.numberOfSymbols());
        json.writeNumberField("sizeOfOptionalHeader", f.sizeOfOptionalHeader());
        json.writeNumberField("characteristics", f.characteristics());
        json.writeNumberField("magic", h.magic());
        json.writeStringField("linkerVersion", h.majorLinkerVersion() + "." + h.minorLinkerVersion());
        json.writeNumberField("sizeOfCode", h.sizeOfCode());
        json.writeNumberField("sizeOfInitializedData", h.sizeOfInitializedData());
        json.writeNumberField("sizeOfUninitializedData", h.sizeOfUninitializedData());
        json.writeNumberField("addressOfEntryPoint", h.addressOfEntryPoint());
        json.writeNumberField("baseOfCode", h.baseOfCode());
        if (h.baseOfData() != null) {
            json.writeNumberField("baseOfData", h.baseOfData());
        }
        json.writeNumberField("imageBase", h.imageBase());
        json.writeNumberField("sectionAlignment", h.sectionAlignment());
        json.writeNumberField("fileAlignment", h.fileAlignment());
        json.writeStringField("operatingSystemVersion", version(h.operatingSystemVersion()));
        json.writeStringField("imageVersion", version(h.imageVersion()));
        json.writeStringField("subsystemVersion", version(h.subsystemVersion()));
        json.writeNumberField("win32VersionValue", h.win32VersionValue());
        json.writeNumberField("sizeOfImage", h.sizeOfImage());
        json.writeNumberField("sizeOfHeaders", h.sizeOfHeaders());
        json.writeNumberField("checkSum", h.checkSum());
        json.writeNumberField("subsystem", h.subsystem());
        json.writeNumberField("dllCharacteristics", h.dllCharacteristics());
        json.writeNumberField("sizeOfStackReserve", h.sizeOfStackReserve());
        json.writeNumberField("sizeOfStackCommit", h.sizeOfStackCommit());
        json.writeNumberField("sizeOfHeapReserve", h.sizeOfHeapReserve());
        json.writeNumberField("sizeOfHeapCommit", h.sizeOfHeapCommit());
        json.writeNumberField("loaderFlags", h.loaderFlags());
        json.writeNumberField("numberOfRvaAndSizes", h.numberOfRvaAndSizes());
        json.writeArrayFieldStart("dataDirectories");
        for (DataDirectory d : image.dataDirectories()) {
            json.writeStartObject();
            json.writeStringField("name", d.name());
            json.writeNumberField("rva", d.rva());
            json.writeNumberField("size", d.size());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("sections");
        for (Section s : image.sections()) {
            json.writeStartObject();
            json.writeStringField("name", s.name());
            json.writeNumberField("virtualSize", s.virtualSize());
            json.writeNumberField("virtualAddress", s.virtualAddress());
            json.writeNumberField("sizeOfRawData", s.sizeOfRawData());
            json.writeNumberField("pointerToRawData", s.pointerToRawData());
            json.writeNumberField("pointerToRelocations", s.pointerToRelocations());
            json.writeNumberField("pointerToLinenumbers", s.pointerToLinenumbers());
            json.writeNumberField("numberOfRelocations", s.numberOfRelocations());
            json.writeNumberField("numberOfLinenumbers", s.numberOfLinenumbers());
            json.writeNumberField("characteristics", s.characteristics());
            json.writeEndObject();
        }
        json.writeEndArray();
        for (JsonBlock block : JsonBlock.values()) {
            block.writeField(image, json);
        }
        writeAnomalies(json, image);
        json.writeEndObject();
    }

    /**
     * "anomalies": one array in the order found, each {code, message, structure, offset?, length?}.
     * {@code structure} is the JSON key of the directory concerned ("imports", "exports"...) or a
     * header ("dos-header", "file-header", "optional-header", "data-directories", "section-table"):
     * grouping by directory is a group-by on it, and a flat list keeps the order the parse found them.
     */
    private static void writeAnomalies(JsonGenerator json, PeImage image) throws IOException {
        json.writeArrayFieldStart("anomalies");
        for (Anomaly a : image.anomalies()) {
            json.writeStartObject();
            json.writeStringField("code", a.kind().name());
            json.writeStringField("message", a.message());
            json.writeStringField("structure", a.location().structure());
            if (a.location().hasOffset()) {
                json.writeNumberField("offset", a.location().offset());
            }
            if (a.location().hasLength()) {
                json.writeNumberField("length", a.location().length());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** What writes one JSON value on a generator. */
    private interface JsonWriting {
        void writeOn(JsonGenerator json) throws IOException;
    }

    private String write(JsonWriting writing) {
        StringWriter text = new StringWriter(4096);
        try (JsonGenerator json = factory.createGenerator(text)) {
            writing.writeOn(json);
        } catch (IOException e) {
            // A StringWriter does not fail; reaching here is a bug.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** "major.minor" without dumpbin's zero padding: JSON readers compare numbers, not columns. */
    private static String version(OptionalHeader.Version v) {
        return v.major() + "." + v.minor();
    }
}
