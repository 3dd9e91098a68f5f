package pescope.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pescope.pe.Anomaly;
import pescope.pe.DataDirectory;
import pescope.pe.FileHeader;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * One JSON object per image (a line of JSON Lines). Field names are a public contract: later
 * versions add fields, never rename them.
 */
public final class DumpJson {

    private final ObjectMapper mapper;

    public DumpJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode render(PeImage image, String displayName) {
        ObjectNode json = mapper.createObjectNode();
        FileHeader f = image.fileHeader();
        OptionalHeader h = image.optionalHeader();
        json.put("file", displayName);
        json.put("format", h.formatName());
        json.put("machine", f.machine());
        json.put("numberOfSections", f.numberOfSections());
        json.put("timeDateStamp", f.timeDateStamp());
        json.put("pointerToSymbolTable", f.pointerToSymbolTable());
        json.put("numberOfSymbols", f.numberOfSymbols());
        json.put("sizeOfOptionalHeader", f.sizeOfOptionalHeader());
        json.put("characteristics", f.characteristics());
        json.put("magic", h.magic());
        json.put("linkerVersion", h.majorLinkerVersion() + "." + h.minorLinkerVersion());
        json.put("sizeOfCode", h.sizeOfCode());
        json.put("sizeOfInitializedData", h.sizeOfInitializedData());
        json.put("sizeOfUninitializedData", h.sizeOfUninitializedData());
        json.put("addressOfEntryPoint", h.addressOfEntryPoint());
        json.put("baseOfCode", h.baseOfCode());
        if (h.baseOfData() != null) {
            json.put("baseOfData", h.baseOfData());
        }
        json.put("imageBase", h.imageBase());
        json.put("sectionAlignment", h.sectionAlignment());
        json.put("fileAlignment", h.fileAlignment());
        json.put("operatingSystemVersion", version(h.operatingSystemVersion()));
        json.put("imageVersion", version(h.imageVersion()));
        json.put("subsystemVersion", version(h.subsystemVersion()));
        json.put("win32VersionValue", h.win32VersionValue());
        json.put("sizeOfImage", h.sizeOfImage());
        json.put("sizeOfHeaders", h.sizeOfHeaders());
        json.put("checkSum", h.checkSum());
        json.put("subsystem", h.subsystem());
        json.put("dllCharacteristics", h.dllCharacteristics());
        json.put("sizeOfStackReserve", h.sizeOfStackReserve());
        json.put("sizeOfStackCommit", h.sizeOfStackCommit());
        json.put("sizeOfHeapReserve", h.sizeOfHeapReserve());
        json.put("sizeOfHeapCommit", h.sizeOfHeapCommit());
        json.put("loaderFlags", h.loaderFlags());
        json.put("numberOfRvaAndSizes", h.numberOfRvaAndSizes());
        ArrayNode directories = json.putArray("dataDirectories");
        for (DataDirectory d : image.dataDirectories()) {
            directories.addObject().put("name", d.name()).put("rva", d.rva()).put("size", d.size());
        }
        ArrayNode sections = json.putArray("sections");
        for (Section s : image.sections()) {
            sections.addObject()
                    .put("name", s.name())
                    .put("virtualSize", s.virtualSize())
                    .put("virtualAddress", s.virtualAddress())
                    .put("sizeOfRawData", s.sizeOfRawData())
                    .put("pointerToRawData", s.pointerToRawData())
                    .put("pointerToRelocations", s.pointerToRelocations())
                    .put("pointerToLinenumbers", s.pointerToLinenumbers())
                    .put("numberOfRelocations", s.numberOfRelocations())
                    .put("numberOfLinenumbers", s.numberOfLinenumbers())
                    .put("characteristics", s.characteristics());
        }
        new DirectoryJson(mapper).addTo(json, image);
        ArrayNode anomalies = json.putArray("anomalies");
        for (Anomaly a : image.anomalies()) {
            anomalies.addObject().put("code", a.kind().name()).put("message", a.message());
        }
        return json;
    }

    public ObjectNode error(String displayName, String message) {
        return mapper.createObjectNode().put("file", displayName).put("error", message);
    }

    /** "major.minor" without dumpbin's zero padding: JSON readers compare numbers, not columns. */
    private static String version(OptionalHeader.Version v) {
        return v.major() + "." + v.minor();
    }
}
