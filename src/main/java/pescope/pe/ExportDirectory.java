package pescope.pe;

import java.util.List;

/** The export directory and the exports it describes, in ordinal order. */
public record ExportDirectory(
        String name,
        long characteristics,
        long timeDateStamp,
        OptionalHeader.Version version,
        long ordinalBase,
        long numberOfFunctions,
        long numberOfNames,
        long addressTableRva,
        long namePointerRva,
        long ordinalTableRva,
        List<Export> exports) {
    public ExportDirectory {
        exports = List.copyOf(exports);
    }
}
