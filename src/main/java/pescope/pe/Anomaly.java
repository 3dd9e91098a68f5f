package pescope.pe;

/**
 * Something odd or broken in an image that parsing noticed and stepped around.
 * Anomalies are values, not exceptions: a damaged directory never hides the intact ones.
 */
public record Anomaly(Kind kind, String message) {

    /** The closed set of things pescope notices; the name is the stable code shown in JSON. */
    public enum Kind {
        FILE_HEADER_TRUNCATED,
        OPTIONAL_HEADER_TRUNCATED,
        OPTIONAL_HEADER_UNKNOWN_MAGIC,
        OPTIONAL_HEADER_SIZE_TOO_SMALL,
        PE_HEADER_IN_DOS_HEADER,
        TOO_MANY_DATA_DIRECTORIES,
        DATA_DIRECTORY_OUTSIDE_IMAGE,
        TOO_MANY_SECTIONS,
        NO_SECTIONS,
        SECTION_TABLE_TRUNCATED,
        SECTION_RAW_DATA_PAST_EOF,
        SECTION_NAME_UNRESOLVED,
        SECTIONS_OVERLAP,
        BAD_ALIGNMENT,
        SIZE_OF_IMAGE_MISALIGNED,
        SIZE_OF_HEADERS_PAST_EOF,
        ENTRY_POINT_OUTSIDE_IMAGE,
        IMPORT_DIRECTORY_DAMAGED,
        IMPORT_DIRECTORY_UNTERMINATED,
        IMPORT_DESCRIPTOR_DAMAGED,
        IMPORT_DESCRIPTOR_IN_HEADERS,
        IMPORT_TABLE_DAMAGED,
        IMPORT_TABLE_TOO_LONG,
        IMPORT_NAME_DAMAGED,
        IAT_ONLY_IMPORTS,
        DELAY_IMPORT_DIRECTORY_DAMAGED,
        DELAY_IMPORT_VA_FORM,
        BOUND_IMPORT_DIRECTORY_DAMAGED,
        EXPORT_DIRECTORY_DAMAGED,
        EXPORT_TABLE_TOO_LONG,
        EXPORT_NAME_DAMAGED,
        FORWARDER_DAMAGED,
        DIRECTORY_LOOP,
        NAME_TOO_LONG
    }

    public static Anomaly of(Kind kind, String format, Object... args) {
        return new Anomaly(kind, String.format(format, args));
    }
}
