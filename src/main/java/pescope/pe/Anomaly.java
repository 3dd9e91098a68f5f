package pescope.pe;

/**
 * Something odd or broken in an image that parsing noticed and stepped around, and where.
 * Anomalies are values, not exceptions: a damaged directory never hides the intact ones.
 */
public record Anomaly(Kind kind, String message, Location location) {

    /**
     * The closed set of things pescope notices; the name is the stable code shown in JSON. Each
     * kind names the structure it concerns unless the reader says more exactly. Kinds of one
     * directory stay together, so directories added side by side do not touch the same lines.
     */
    public enum Kind {
        FILE_HEADER_TRUNCATED(Location.FILE_HEADER),
        OPTIONAL_HEADER_TRUNCATED(Location.OPTIONAL_HEADER),
        OPTIONAL_HEADER_UNKNOWN_MAGIC(Location.OPTIONAL_HEADER),
        OPTIONAL_HEADER_SIZE_TOO_SMALL(Location.OPTIONAL_HEADER),
        PE_HEADER_IN_DOS_HEADER(Location.DOS_HEADER),
        TOO_MANY_DATA_DIRECTORIES(Location.OPTIONAL_HEADER),
        DATA_DIRECTORY_OUTSIDE_IMAGE(Location.DATA_DIRECTORIES),
        TOO_MANY_SECTIONS(Location.FILE_HEADER),
        NO_SECTIONS(Location.SECTION_TABLE),
        SECTION_TABLE_TRUNCATED(Location.SECTION_TABLE),
        SECTION_RAW_DATA_PAST_EOF(Location.SECTION_TABLE),
        SECTION_NAME_UNRESOLVED(Location.SECTION_TABLE),
        SECTIONS_OVERLAP(Location.SECTION_TABLE),
        BAD_ALIGNMENT(Location.OPTIONAL_HEADER),
        SIZE_OF_IMAGE_MISALIGNED(Location.OPTIONAL_HEADER),
        SIZE_OF_HEADERS_PAST_EOF(Location.OPTIONAL_HEADER),
        ENTRY_POINT_OUTSIDE_IMAGE(Location.OPTIONAL_HEADER),
        IMPORT_DIRECTORY_DAMAGED(Directory.IMPORT.key()),
        IMPORT_DIRECTORY_UNTERMINATED(Directory.IMPORT.key()),
        IMPORT_DESCRIPTOR_DAMAGED(Directory.IMPORT.key()),
        IMPORT_DESCRIPTOR_IN_HEADERS(Directory.IMPORT.key()),
        IMPORT_TABLE_DAMAGED(Directory.IMPORT.key()),
        IMPORT_TABLE_TOO_LONG(Directory.IMPORT.key()),
        IMPORT_NAME_DAMAGED(Directory.IMPORT.key()),
        IAT_ONLY_IMPORTS(Directory.IMPORT.key()),
        DELAY_IMPORT_DIRECTORY_DAMAGED(Directory.DELAY_IMPORT.key()),
        DELAY_IMPORT_VA_FORM(Directory.DELAY_IMPORT.key()),
        BOUND_IMPORT_DIRECTORY_DAMAGED(Directory.BOUND_IMPORT.key()),
        EXPORT_DIRECTORY_DAMAGED(Directory.EXPORT.key()),
        EXPORT_TABLE_TOO_LONG(Directory.EXPORT.key()),
        EXPORT_NAME_DAMAGED(Directory.EXPORT.key()),
        FORWARDER_DAMAGED(Directory.EXPORT.key()),
        DIRECTORY_LOOP(Location.UNKNOWN_STRUCTURE),
        NAME_TOO_LONG(Location.UNKNOWN_STRUCTURE);

        private final String structure;

        Kind(String structure) {
            this.structure = structure;
        }

        /** The structure an anomaly of this kind concerns when the reader does not say. */
        public String structure() {
            return structure;
        }
    }

    /**
     * Where an anomaly is: the structure (a {@link Directory#key()} such as "imports", or a
     * header: "dos-header", "file-header", "optional-header", "data-directories",
     * "section-table") and, when known, the file offset and length of the bytes concerned.
     */
    public record Location(String structure, long offset, long length) {
        public static final String DOS_HEADER = "dos-header";
        public static final String FILE_HEADER = "file-header";
        public static final String OPTIONAL_HEADER = "optional-header";
        public static final String DATA_DIRECTORIES = "data-directories";
        public static final String SECTION_TABLE = "section-table";
        /** For kinds several structures share; the reader always names the structure. */
        static final String UNKNOWN_STRUCTURE = "image";
        /** An offset or length not known: the bytes concerned are not in the file, or have no one place. */
        public static final long UNKNOWN = -1;

        public static Location of(String structure) {
            return new Location(structure, UNKNOWN, UNKNOWN);
        }

        public boolean hasOffset() {
            return offset != UNKNOWN;
        }

        public boolean hasLength() {
            return length != UNKNOWN;
        }
    }

    public static Anomaly of(Kind kind, Location location, String format, Object... args) {
        return new Anomaly(kind, String.format(format, args), location);
    }
}
