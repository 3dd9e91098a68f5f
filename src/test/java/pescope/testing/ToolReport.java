package pescope.testing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one independent tool (pefile or llvm-readobj) reports about an image, in one shape so a
 * single comparison serves both. Numbers are the tool's, read as unsigned into longs.
 */
record ToolReport(
        String tool,
        long eLfanew,
        long machine,
        long numberOfSections,
        long timeDateStamp,
        long sizeOfOptionalHeader,
        long characteristics,
        long magic,
        long imageBase,
        long sectionAlignment,
        long fileAlignment,
        long majorSubsystemVersion,
        long minorSubsystemVersion,
        long sizeOfImage,
        long sizeOfHeaders,
        long subsystem,
        long dllCharacteristics,
        long stackReserve,
        long stackCommit,
        long heapReserve,
        long heapCommit,
        long numberOfRvaAndSizes,
        List<DataDirectory> dataDirectories,
        List<SeenSection> sections,
        List<SeenImport> imports,
        List<SeenImport> delayImports,
        Optional<SeenExports> exports,
        Optional<List<SeenRelocation>> relocations,
        Optional<Boolean> checksumValid,
        List<String> complaints,
        Set<Integer> parsedDirectories,
        boolean listsExportGaps,
        boolean showsForwarderText,
        boolean listsNamesInTableOrder) {

    record SeenSection(byte[] name, long virtualSize, long virtualAddress, long rawSize, long pointerToRawData, long characteristics) {}

    /** hint is -1 when the symbol is by ordinal; ordinal -1 when by name; attributes -1 for ordinary imports. */
    record SeenSymbol(boolean byOrdinal, long ordinal, long hint, String name, long address) {}

    record SeenImport(String dll, long attributes, long addressTable, List<SeenSymbol> symbols) {}

    /** A base relocation other than the ABSOLUTE padding entries. */
    record SeenRelocation(int type, long rva) {}

    enum ExportKind { CODE, FORWARDER, GAP }

    /** forwarder is null when the tool does not print forwarder strings (llvm-readobj 14). */
    record SeenExport(long ordinal, Optional<String> name, ExportKind kind, String forwarder, long rva) {}

    /** dll and base are null/-1 when the tool does not print them. */
    record SeenExports(String dll, long base, List<SeenExport> entries) {}

    static ToolReport fromPefile(JsonNode facts) {
        JsonNode fh = facts.get("fileHeader");
        JsonNode oh = facts.get("optionalHeader");
        var directories = new ArrayList<DataDirectory>();
        facts.get("dataDirectories").forEach(d -> directories.add(new DataDirectory(u(d.get(0)), u(d.get(1)))));
        var sections = new ArrayList<SeenSection>();
        facts.get("sections").forEach(s -> sections.add(new SeenSection(HexFormat.of().parseHex(s.get("name").asText()),
                u(s.get("VirtualSize")), u(s.get("VirtualAddress")), u(s.get("SizeOfRawData")),
                u(s.get("PointerToRawData")), u(s.get("Characteristics")))));
        return new ToolReport("pefile", u(facts.get("eLfanew")),
                u(fh.get("Machine")), u(fh.get("NumberOfSections")), u(fh.get("TimeDateStamp")),
                u(fh.get("SizeOfOptionalHeader")), u(fh.get("Characteristics")),
                u(oh.get("Magic")), u(oh.get("ImageBase")), u(oh.get("SectionAlignment")), u(oh.get("FileAlignment")),
                u(oh.get("MajorSubsystemVersion")), u(oh.get("MinorSubsystemVersion")), u(oh.get("SizeOfImage")),
                u(oh.get("SizeOfHeaders")), u(oh.get("Subsystem")), u(oh.get("DllCharacteristics")),
                u(oh.get("SizeOfStackReserve")), u(oh.get("SizeOfStackCommit")), u(oh.get("SizeOfHeapReserve")),
                u(oh.get("SizeOfHeapCommit")), u(oh.get("NumberOfRvaAndSizes")),
                directories, sections, pefileImports(facts.get("imports")), pefileImports(facts.get("delayImports")),
                pefileExports(facts.get("exports")), pefileRelocations(facts.get("relocations")),
                Optional.of(facts.get("checksumValid").asBoolean()), texts(facts.get("warnings")),
                pefileParsedDirectories(directories.size()), false, true, true);
    }

    /**
     * pefile 2023.2.7 visits directories in a fixed order (import, export, resource, debug,
     * base relocation, TLS, load config, delay import, ...) and stops at the first index not
     * below NumberOfRvaAndSizes, so e.g. with 1 directory it parses no exports.
     */
    static Set<Integer> pefileParsedDirectories(int numberOfRvaAndSizes) {
        var parsed = new TreeSet<Integer>();
        for (int index : new int[] {1, 0, 2, 6, 5, 9, 10, 13, 11, 3}) {
            if (index >= numberOfRvaAndSizes) break;
            parsed.add(index);
        }
        return parsed;
    }

    private static Optional<List<SeenRelocation>> pefileRelocations(JsonNode blocks) {
        if (blocks == null || blocks.isNull()) return Optional.empty();
        var relocations = new ArrayList<SeenRelocation>();
        blocks.forEach(block -> block.get("entries").forEach(entry -> {
            int type = entry.get(0).asInt();
            if (type != 0) relocations.add(new SeenRelocation(type, u(entry.get(1))));
        }));
        return Optional.of(relocations);
    }

    private static List<String> texts(JsonNode array) {
        var texts = new ArrayList<String>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static List<SeenImport> pefileImports(JsonNode dlls) {
        var imports = new ArrayList<SeenImport>();
        dlls.forEach(dll -> {
            var symbols = new ArrayList<SeenSymbol>();
            dll.get("symbols").forEach(s -> symbols.add(new SeenSymbol(s.get("byOrdinal").asBoolean(),
                    s.get("ordinal").isNull() ? -1 : u(s.get("ordinal")),
                    s.get("hint").isNull() ? -1 : u(s.get("hint")),
                    s.get("name").isNull() ? "" : s.get("name").asText(), 0)));
            imports.add(new SeenImport(dll.get("dll").asText(), dll.has("attributes") ? u(dll.get("attributes")) : -1,
                    u(dll.get("addressTable")), symbols));
        });
        return imports;
    }

    private static Optional<SeenExports> pefileExports(JsonNode exports) {
        if (exports == null || exports.isNull()) return Optional.empty();
        var entries = new ArrayList<SeenExport>();
        exports.get("symbols").forEach(s -> {
            boolean forwarder = !s.get("forwarder").isNull();
            entries.add(new SeenExport(u(s.get("ordinal")),
                    s.get("name").isNull() ? Optional.empty() : Optional.of(s.get("name").asText()),
                    forwarder ? ExportKind.FORWARDER : ExportKind.CODE,
                    forwarder ? s.get("forwarder").asText() : null, u(s.get("address"))));
        });
        return Optional.of(new SeenExports(exports.get("dll").asText(), u(exports.get("base")), entries));
    }

    static ToolReport fromReadobj(String output, String errors) {
        ReadobjTree.Node root = ReadobjTree.parse(output);
        ReadobjTree.Node fh = root.child("ImageFileHeader").orElseThrow();
        ReadobjTree.Node oh = root.child("ImageOptionalHeader").orElseThrow();
        ReadobjTree.Node dos = root.child("DOSHeader").orElseThrow();
        List<DataDirectory> directories = readobjDirectories(oh);
        var sections = new ArrayList<SeenSection>();
        root.child("Sections").ifPresent(list -> list.all("Section").forEach(s -> sections.add(new SeenSection(
                sectionNameBytes(s.text("Name")), s.number("VirtualSize"), s.number("VirtualAddress"),
                s.number("RawDataSize"), s.number("PointerToRawData"),
                ReadobjTree.parseNumber(s.child("Characteristics").orElseThrow().value())))));
        return new ToolReport("llvm-readobj", dos.number("AddressOfNewExeHeader"),
                fh.number("Machine"), fh.number("SectionCount"), fh.number("TimeDateStamp"),
                fh.number("OptionalHeaderSize"), ReadobjTree.parseNumber(fh.child("Characteristics").orElseThrow().value()),
                oh.number("Magic"), oh.number("ImageBase"), oh.number("SectionAlignment"), oh.number("FileAlignment"),
                oh.number("MajorSubsystemVersion"), oh.number("MinorSubsystemVersion"), oh.number("SizeOfImage"),
                oh.number("SizeOfHeaders"), oh.number("Subsystem"),
                ReadobjTree.parseNumber(oh.child("Characteristics").orElseThrow().value()),
                oh.number("SizeOfStackReserve"), oh.number("SizeOfStackCommit"), oh.number("SizeOfHeapReserve"),
                oh.number("SizeOfHeapCommit"), oh.number("NumberOfRvaAndSize"),
                directories, sections, readobjImports(root.all("Import"), false), readobjImports(root.all("DelayImport"), true),
                readobjExports(root.all("Export"), directories), readobjRelocations(root.child("BaseReloc")),
                Optional.empty(), errors.lines().filter(line -> !line.isBlank()).toList(),
                allDirectories(directories.size()), true, false, false);
    }

    private static Set<Integer> allDirectories(int count) {
        var all = new TreeSet<Integer>();
        for (int i = 0; i < count; i++) all.add(i);
        return all;
    }

    private static Optional<List<SeenRelocation>> readobjRelocations(Optional<ReadobjTree.Node> list) {
        if (list.isEmpty()) return Optional.empty();
        var relocations = new ArrayList<SeenRelocation>();
        for (ReadobjTree.Node entry : list.get().all("Entry")) {
            String type = entry.text("Type");
            if (type.equals("ABSOLUTE")) continue;
            relocations.add(new SeenRelocation(type.equals("HIGHLOW") ? 3 : type.equals("DIR64") ? 10 : -1, entry.number("Address")));
        }
        return Optional.of(relocations);
    }

    /** Entries come as "ExportTableRVA: 0x0", "ExportTableSize: 0x0", ... in directory order. */
    private static List<DataDirectory> readobjDirectories(ReadobjTree.Node optionalHeader) {
        var directories = new ArrayList<DataDirectory>();
        Optional<ReadobjTree.Node> node = optionalHeader.child("DataDirectory");
        if (node.isEmpty()) return directories;
        List<ReadobjTree.Node> leaves = node.get().children();
        for (int i = 0; i + 1 < leaves.size(); i += 2) {
            directories.add(new DataDirectory(ReadobjTree.parseNumber(leaves.get(i).value()),
                    ReadobjTree.parseNumber(leaves.get(i + 1).value())));
        }
        return directories;
    }

    private static List<SeenImport> readobjImports(List<ReadobjTree.Node> dlls, boolean delayed) {
        var imports = new ArrayList<SeenImport>();
        for (ReadobjTree.Node dll : dlls) {
            var symbols = new ArrayList<SeenSymbol>();
            if (delayed) {
                for (ReadobjTree.Node entry : dll.all("Import")) symbols.add(readobjSymbol(entry.text("Symbol"), entry.number("Address")));
            } else {
                for (ReadobjTree.Node entry : dll.all("Symbol")) symbols.add(readobjSymbol(entry.value(), 0));
            }
            imports.add(new SeenImport(dll.text("Name"), delayed ? dll.number("Attributes") : -1,
                    dll.number(delayed ? "ImportAddressTable" : "ImportAddressTableRVA"), symbols));
        }
        return imports;
    }

    /** "Name (hint)" for a by-name import, " (ordinal)" with an empty name for a by-ordinal one. */
    private static SeenSymbol readobjSymbol(String text, long address) {
        int open = text.lastIndexOf(" (");
        String name = text.substring(0, open);
        long number = Long.parseLong(text.substring(open + 2, text.length() - 1));
        return name.isEmpty()
                ? new SeenSymbol(true, number, -1, "", address)
                : new SeenSymbol(false, -1, number, name, address);
    }

    /** llvm-readobj 14 lists every address-table entry and tells a forwarder only by its RVA. */
    private static Optional<SeenExports> readobjExports(List<ReadobjTree.Node> entries, List<DataDirectory> directories) {
        if (directories.isEmpty() || directories.get(PeLayout.DIR_EXPORT).rva() == 0) return Optional.empty();
        DataDirectory directory = directories.get(PeLayout.DIR_EXPORT);
        var seen = new ArrayList<SeenExport>();
        for (ReadobjTree.Node entry : entries) {
            long rva = entry.number("RVA");
            ExportKind kind = rva == 0 ? ExportKind.GAP
                    : rva >= directory.rva() && rva < directory.rva() + directory.size() ? ExportKind.FORWARDER
                    : ExportKind.CODE;
            String name = entry.text("Name");
            seen.add(new SeenExport(entry.number("Ordinal"), name.isEmpty() ? Optional.empty() : Optional.of(name), kind, null, rva));
        }
        return Optional.of(new SeenExports(null, -1, seen));
    }

    /** "Name: .text (2E 74 65 78 74 00 00 00)": the hex bytes are the exact 8-byte field. */
    private static byte[] sectionNameBytes(String value) {
        int open = value.lastIndexOf('(');
        return HexFormat.ofDelimiter(" ").parseHex(value.substring(open + 1, value.length() - 1));
    }

    private static long u(JsonNode number) {
        return number.bigIntegerValue().longValue();
    }
}
