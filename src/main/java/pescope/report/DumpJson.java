package pescope.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import pescope.pe.Anomaly;
import pescope.pe.DataDirectory;
import pescope.pe.FileHeader;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;
import pescope.pe.Hashes;
import java.util.List;

/**
 * One JSON object per image (a line of JSON Lines). Field names are a public contract: later
 * versions add fields, never rename them. Written with Jackson's streaming generator rather than
 * a tree: a batch writes megabytes of it, and the tree cost a third of a warm run.
 */
public final class DumpJson {

    // Names of the fields of each data directory and section, encoded once (see ExportJson).
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString RVA = new SerializedString("rva");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString VIRTUAL_SIZE = new SerializedString("virtualSize");
    private static final SerializedString VIRTUAL_ADDRESS = new SerializedString("virtualAddress");
    private static final SerializedString SIZE_OF_RAW_DATA = new SerializedString("sizeOfRawData");
    private static final SerializedString POINTER_TO_RAW_DATA = new SerializedString("pointerToRawData");
    private static final SerializedString POINTER_TO_RELOCATIONS = new SerializedString("pointerToRelocations");
    private static final SerializedString POINTER_TO_LINENUMBERS = new SerializedString("pointerToLinenumbers");
    private static final SerializedString NUMBER_OF_RELOCATIONS = new SerializedString("numberOfRelocations");
    private static final SerializedString NUMBER_OF_LINENUMBERS = new SerializedString("numberOfLinenumbers");
    private static final SerializedString CHARACTERISTICS = new SerializedString("characteristics");
    private static final SerializedString ENTROPY = new SerializedString("entropy");

    private final JsonFactory factory = JsonEscapes.factory();

    public String render(PeImage image, String displayName) {
        Utf8Bytes out = new Utf8Bytes();
        render(image, displayName, out);
        return out.toString();
    }

    /**
     * Writes the object to {@code out} as UTF-8 as it goes, without holding it (the stream is not
     * closed). The generator encodes straight to bytes: no Writer and no String in between.
     */
    public void render(PeImage image, String displayName, OutputStream out) {
        write(out, json -> writeImage(json, image, displayName));
    }

    /** {"file", "error"}: the line of a file that could not be read. */
    public void error(String displayName, String message, OutputStream out) {
        write(out, json -> {
            json.writeStartObject();
            json.writeStringField("file", displayName);
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    public String error(String displayName, String message) {
        Utf8Bytes out = new Utf8Bytes();
        error(displayName, message, out);
        return out.toString();
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
        JsonEscapes.writeUnsigned(json, "imageBase", h.imageBase());
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
        JsonEscapes.writeUnsigned(json, "sizeOfStackReserve", h.sizeOfStackReserve());
        JsonEscapes.writeUnsigned(json, "sizeOfStackCommit", h.sizeOfStackCommit());
        JsonEscapes.writeUnsigned(json, "sizeOfHeapReserve", h.sizeOfHeapReserve());
        JsonEscapes.writeUnsigned(json, "sizeOfHeapCommit", h.sizeOfHeapCommit());
        json.writeNumberField("loaderFlags", h.loaderFlags());
        json.writeNumberField("numberOfRvaAndSizes", h.numberOfRvaAndSizes());
        json.writeArrayFieldStart("dataDirectories");
        for (DataDirectory d : image.dataDirectories()) {
            json.writeStartObject();
            json.writeFieldName(NAME);
            json.writeString(d.name());
            json.writeFieldName(RVA);
            json.writeNumber(d.rva());
            json.writeFieldName(SIZE);
            json.writeNumber(d.size());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("sections");
        List<Double> entropy = image.directory(Hashes.class).map(Hashes::sectionEntropy).orElse(List.of());
        for (int i = 0; i < image.sections().size(); i++) {
            Section s = image.sections().get(i);
            json.writeStartObject();
            json.writeFieldName(NAME);
            json.writeString(s.name());
            json.writeFieldName(VIRTUAL_SIZE);
            json.writeNumber(s.virtualSize());
            json.writeFieldName(VIRTUAL_ADDRESS);
            json.writeNumber(s.virtualAddress());
            json.writeFieldName(SIZE_OF_RAW_DATA);
            json.writeNumber(s.sizeOfRawData());
            json.writeFieldName(POINTER_TO_RAW_DATA);
            json.writeNumber(s.pointerToRawData());
            json.writeFieldName(POINTER_TO_RELOCATIONS);
            json.writeNumber(s.pointerToRelocations());
            json.writeFieldName(POINTER_TO_LINENUMBERS);
            json.writeNumber(s.pointerToLinenumbers());
            json.writeFieldName(NUMBER_OF_RELOCATIONS);
            json.writeNumber(s.numberOfRelocations());
            json.writeFieldName(NUMBER_OF_LINENUMBERS);
            json.writeNumber(s.numberOfLinenumbers());
            json.writeFieldName(CHARACTERISTICS);
            json.writeNumber(s.characteristics());
            if (i < entropy.size()) {
                json.writeFieldName(ENTROPY);
                json.writeNumber(entropy.get(i)); // only with --hashes or --all
            }
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

    private void write(OutputStream out, JsonWriting writing) {
        try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writing.writeOn(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "major.minor" without dumpbin's zero padding: JSON readers compare numbers, not columns. */
    private static String version(OptionalHeader.Version v) {
        return v.major() + "." + v.minor();
    }
}
