package pescope.pe;

import java.util.Collection;

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
        FILE_HEADER_TRUNCATED(Location.FILE_HEADER, Effect.PART_UNREAD, "File header cut off",
                "The file ends inside the 20-byte COFF file header; the missing bytes are read as zeros."),
        OPTIONAL_HEADER_TRUNCATED(Location.OPTIONAL_HEADER, Effect.PART_UNREAD, "Optional header cut off",
                "The file ends inside the optional header; the missing fields, and the data directories among them, are read as zeros."),
        OPTIONAL_HEADER_UNKNOWN_MAGIC(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "Unknown optional header magic",
                "The optional header's magic is neither PE32 (0x10B) nor PE32+ (0x20B), which the Windows loader refuses; the header is read as PE32."),
        OPTIONAL_HEADER_SIZE_TOO_SMALL(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "SizeOfOptionalHeader too small",
                "SizeOfOptionalHeader is smaller than the header its magic and NumberOfRvaAndSizes describe, so the section table overlaps the header."),
        PE_HEADER_IN_DOS_HEADER(Location.DOS_HEADER, Effect.READ_AROUND, "PE header overlaps the DOS header",
                "e_lfanew points inside the 64-byte DOS header, a trick of packers and hand-made files that some tools misread."),
        TOO_MANY_DATA_DIRECTORIES(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "More than 16 data directories",
                "NumberOfRvaAndSizes is larger than 16; the loader reads only the first 16 entries, and so does pescope."),
        DATA_DIRECTORY_OUTSIDE_IMAGE(Location.DATA_DIRECTORIES, Effect.READ_AROUND, "Data directory beyond SizeOfImage",
                "A data directory entry reaches beyond SizeOfImage, where no data of the image can be; the loader ignores the entry or rejects the image."),
        TOO_MANY_SECTIONS(Location.FILE_HEADER, Effect.READ_AROUND, "More sections than the loader accepts",
                "NumberOfSections is larger than the Windows loader accepts (96), which refuses the image; past 2048 the count is taken as garbage and only the first 2048 are read."),
        NO_SECTIONS(Location.SECTION_TABLE, Effect.READ_AROUND, "No sections",
                "The section table is empty: everything the image holds lies in its headers."),
        SECTION_TABLE_TRUNCATED(Location.SECTION_TABLE, Effect.PART_UNREAD, "Section table cut off",
                "The file ends inside the section table; the sections after that point are not read."),
        SECTION_RAW_DATA_PAST_EOF(Location.SECTION_TABLE, Effect.PART_UNREAD, "Section data past the end of the file",
                "A section's raw data runs past the end of the file (a truncated download or copy); the loader cannot map the image."),
        SECTION_NAME_UNRESOLVED(Location.SECTION_TABLE, Effect.READ_AROUND, "Section name not in the string table",
                "A long section name (\"/n\") points outside the COFF string table; the raw name is shown."),
        SECTIONS_OVERLAP(Location.SECTION_TABLE, Effect.READ_AROUND, "Sections overlap",
                "A section starts inside the previous one in memory, which the Windows loader rejects."),
        BAD_ALIGNMENT(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "Invalid section or file alignment",
                "SectionAlignment and FileAlignment must be powers of two with SectionAlignment the larger; the loader rejects other values."),
        SIZE_OF_IMAGE_MISALIGNED(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "SizeOfImage not aligned",
                "SizeOfImage is not a multiple of SectionAlignment, which the Windows loader rejects."),
        SIZE_OF_HEADERS_PAST_EOF(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "SizeOfHeaders past the end of the file",
                "SizeOfHeaders is larger than the file; the headers are read as far as the file goes."),
        ENTRY_POINT_OUTSIDE_IMAGE(Location.OPTIONAL_HEADER, Effect.READ_AROUND, "Entry point outside the image",
                "AddressOfEntryPoint lies beyond SizeOfImage: starting the image would jump outside it."),
        IMPORT_DIRECTORY_DAMAGED(Directory.IMPORT.key(), Effect.PART_UNREAD, "Import directory damaged",
                "An import descriptor is not in the file; the imports after it are not read, and the loader fails to load the image."),
        IMPORT_DIRECTORY_UNTERMINATED(Directory.IMPORT.key(), Effect.READ_AROUND, "Import directory not terminated",
                "No null descriptor ends the import directory within the limit pescope reads; the rest is not read."),
        IMPORT_DESCRIPTOR_DAMAGED(Directory.IMPORT.key(), Effect.PART_UNREAD, "Import descriptor damaged",
                "An import descriptor's DLL name cannot be read; the descriptor is skipped."),
        IMPORT_DESCRIPTOR_IN_HEADERS(Directory.IMPORT.key(), Effect.READ_AROUND, "Import descriptors in the headers",
                "The import directory lies in the headers rather than in a section, a trick of packers and hand-made files."),
        IMPORT_TABLE_DAMAGED(Directory.IMPORT.key(), Effect.PART_UNREAD, "Import lookup table damaged",
                "An entry of an import lookup table is not in the file; the symbols after it are not read."),
        IMPORT_TABLE_TOO_LONG(Directory.IMPORT.key(), Effect.READ_AROUND, "Import table too long",
                "An import table lists more symbols than pescope reads; the rest are not read."),
        IMPORT_NAME_DAMAGED(Directory.IMPORT.key(), Effect.PART_UNREAD, "Import name damaged",
                "An import by name points at bytes that hold no name; the symbol is skipped."),
        IAT_ONLY_IMPORTS(Directory.IMPORT.key(), Effect.READ_AROUND, "Imports without a lookup table",
                "An import descriptor has no usable import lookup table, so the names are read from the import address table, as the loader does for old linkers' images."),
        DELAY_IMPORT_DIRECTORY_DAMAGED(Directory.DELAY_IMPORT.key(), Effect.PART_UNREAD, "Delay-import directory damaged",
                "A delay-load descriptor or its DLL name is not in the file; it is skipped."),
        DELAY_IMPORT_VA_FORM(Directory.DELAY_IMPORT.key(), Effect.READ_AROUND, "Delay-import descriptor in the old VA form",
                "A delay-load descriptor holds virtual addresses instead of RVAs (the Visual C++ 6 form); they are converted with the image base."),
        BOUND_IMPORT_DIRECTORY_DAMAGED(Directory.BOUND_IMPORT.key(), Effect.PART_UNREAD, "Bound-import directory damaged",
                "A bound-import entry is past the end of the file, or no null entry ends the directory; the rest is not read."),
        EXPORT_DIRECTORY_DAMAGED(Directory.EXPORT.key(), Effect.PART_UNREAD, "Export directory damaged",
                "The export directory or one of its tables is not (wholly) in the file; the exports it would list are not read."),
        EXPORT_TABLE_TOO_LONG(Directory.EXPORT.key(), Effect.READ_AROUND, "Export table too long",
                "The export tables give more exports, or more name bytes, than pescope reads; the rest are not read."),
        EXPORT_NAME_DAMAGED(Directory.EXPORT.key(), Effect.PART_UNREAD, "Export name damaged",
                "An export name, or the module name of the export directory, cannot be read; it is skipped."),
        FORWARDER_DAMAGED(Directory.EXPORT.key(), Effect.PART_UNREAD, "Forwarder string damaged",
                "A forwarded export's \"DLL.name\" string cannot be read."),
        DIRECTORY_LOOP(Location.UNKNOWN_STRUCTURE, Effect.READ_AROUND, "Tables shared between descriptors",
                "Several descriptors name the same lookup or address tables (a loop or a repeat); they are read once."),
        NAME_TOO_LONG(Location.UNKNOWN_STRUCTURE, Effect.READ_AROUND, "Name without a terminator",
                "A name runs past the longest pescope reads without a terminating zero; it is read up to there."),
        DEBUG_DIRECTORY_DAMAGED(Directory.DEBUG.key(), Effect.PART_UNREAD, "Debug directory damaged",
                "The debug directory's size is not a whole number of entries, or an entry is not in the file."),
        DEBUG_DIRECTORY_TOO_LONG(Directory.DEBUG.key(), Effect.READ_AROUND, "Debug directory too long",
                "The debug directory holds more entries than pescope reads; the rest are not read."),
        DEBUG_DATA_DAMAGED(Directory.DEBUG.key(), Effect.PART_UNREAD, "Debug data damaged",
                "A debug entry's data is not in the file or too short for its structure."),
        LOAD_CONFIG_DAMAGED(Directory.LOAD_CONFIG.key(), Effect.PART_UNREAD, "Load config directory damaged",
                "The load config directory is not in the file or runs past its end; its security fields (security cookie, CFG, SafeSEH) cannot be read in full."),
        TLS_DIRECTORY_DAMAGED(Directory.TLS.key(), Effect.PART_UNREAD, "TLS directory damaged",
                "The TLS directory is not in the file."),
        TLS_CALLBACKS_DAMAGED(Directory.TLS.key(), Effect.PART_UNREAD, "TLS callbacks damaged",
                "A TLS callback pointer is not in the file; the callbacks after it are not read."),
        TLS_CALLBACKS_TOO_MANY(Directory.TLS.key(), Effect.READ_AROUND, "TLS callback array not terminated",
                "No zero ends the TLS callback array within the limit pescope reads."),
        TLS_CALLBACK_OUTSIDE_IMAGE(Directory.TLS.key(), Effect.READ_AROUND, "TLS callback outside the image",
                "A TLS callback address lies outside the image: the loader would call code that is not there."),
        RELOCATIONS_DAMAGED(Directory.BASE_RELOCATION.key(), Effect.PART_UNREAD, "Base relocations damaged",
                "A base relocation block is not in the file or does not fit the directory; the image cannot be relocated as written."),
        RELOCATIONS_TOO_MANY(Directory.BASE_RELOCATION.key(), Effect.READ_AROUND, "Too many base relocations",
                "The relocation directory holds more blocks or entries than pescope reads; the rest are not read."),
        RELOCATION_OUTSIDE_IMAGE(Directory.BASE_RELOCATION.key(), Effect.READ_AROUND, "Relocation outside the image",
                "A base relocation block names a page past SizeOfImage."),
        EXCEPTION_DIRECTORY_DAMAGED(Directory.EXCEPTION.key(), Effect.PART_UNREAD, "Exception directory damaged",
                "Entries of the exception (.pdata) directory are not in the file; they are not read."),
        EXCEPTION_TABLE_TOO_LONG(Directory.EXCEPTION.key(), Effect.READ_AROUND, "Exception table too long",
                "The exception directory holds more entries than pescope reads; the rest are not read."),
        DATA_EXCEEDS_FILE(Location.UNKNOWN_STRUCTURE, Effect.PART_UNREAD, "Pointed-at data exceeds the file",
                "The data that entries point at (debug records, manifests, .NET metadata strings and blobs) adds up"
                        + " to far more than the file holds, so entries point at the same bytes again and again (a"
                        + " damaged or crafted file); the entries past that total are listed, their data not decoded."),
        // Resources, version info and manifests
        RESOURCE_DIRECTORY_DAMAGED(Directory.RESOURCE.key(), Effect.PART_UNREAD, "Resource directory damaged",
                "A resource table, entry or data entry is not in the file; that part of the resource tree is not read."),
        RESOURCE_TOO_MANY_ENTRIES(Directory.RESOURCE.key(), Effect.READ_AROUND, "Too many resource entries",
                "A resource table, or the whole tree, has more entries than pescope reads; the rest are not read."),
        RESOURCE_TOO_DEEP(Directory.RESOURCE.key(), Effect.READ_AROUND, "Resource tree too deep",
                "The resource tree is deeper than pescope follows; the deeper tables are not read."),
        RESOURCE_LOOP(Directory.RESOURCE.key(), Effect.READ_AROUND, "Resource tree loop",
                "A resource table entry points back to a table on its own path; the entry is skipped."),
        RESOURCE_NAME_DAMAGED(Directory.RESOURCE.key(), Effect.PART_UNREAD, "Resource name damaged",
                "A resource name string is not in the file."),
        RESOURCE_DATA_DAMAGED(Directory.RESOURCE.key(), Effect.PART_UNREAD, "Resource data damaged",
                "A resource's data is not (wholly) in the file."),
        VERSION_INFO_DAMAGED(Directory.RESOURCE.key(), Effect.PART_UNREAD, "Version resource damaged",
                "The RT_VERSION resource is not a well-formed VS_VERSION_INFO tree; what could be read is shown."),
        MANIFEST_TOO_LARGE(Directory.RESOURCE.key(), Effect.READ_AROUND, "Manifest too large",
                "An RT_MANIFEST resource is larger than pescope decodes; only its beginning is read."),
        // Certificate table
        CERTIFICATE_TABLE_DAMAGED(Directory.CERTIFICATES.key(), Effect.PART_UNREAD, "Certificate table damaged",
                "The certificate table, or a certificate in it, runs past the end of the file or of the table; the signature cannot be read in full."),
        CERTIFICATE_TABLE_TOO_LONG(Directory.CERTIFICATES.key(), Effect.READ_AROUND, "Too many certificates",
                "The certificate table holds more entries than pescope reads; the rest are not read."),
        // Rich header
        RICH_HEADER_DAMAGED(Location.RICH_HEADER, Effect.PART_UNREAD, "Rich header damaged",
                "A \"Rich\" marker has no \"DanS\" start before it, so the linker records it should hold cannot be read."),
        CLR_HEADER_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, "CLR header damaged",
                "The .NET (CLR) header is not in the file or has the wrong size."),
        METADATA_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET metadata damaged",
                "The .NET metadata block is not (wholly) in the file or its root is malformed."),
        METADATA_STREAM_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET metadata stream damaged",
                "A metadata stream is missing or runs past the metadata block; it is cut or not read."),
        METADATA_TABLE_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET metadata table damaged",
                "A metadata table breaks an ECMA-335 rule (row counts, references between tables); the rows concerned are skipped."),
        METADATA_INDEX_OUT_OF_RANGE(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET metadata index out of range",
                "A metadata row refers to a row or heap offset that does not exist; that reference is not followed."),
        METADATA_HEAP_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET metadata heap damaged",
                "A #Strings or #Blob heap entry runs past its heap; it is not read."),
        METADATA_SIGNATURE_DAMAGED(Directory.COM_DESCRIPTOR.key(), Effect.PART_UNREAD, ".NET signature damaged",
                "A signature blob in the metadata cannot be decoded; what it describes is shown without it.");


        private final String structure;
        private final Effect effect;
        private final String title;
        private final String description;

        Kind(String structure, Effect effect, String title, String description) {
            this.structure = structure;
            this.effect = effect;
            this.title = title;
            this.description = description;
        }

        /** The structure an anomaly of this kind concerns when the reader does not say. */
        public String structure() {
            return structure;
        }

        /** Whether part of the structure could not be read, or the parse stepped around something odd. */
        public Effect effect() {
            return effect;
        }

        /** A few words for people: "Import directory damaged". */
        public String title() {
            return title;
        }

        /** What this kind of anomaly means and what pescope did about it, in a sentence or two. */
        public String description() {
            return description;
        }
    }

    /** What an anomaly cost the parse; SARIF shows the first as an error and the second as a warning. */
    public enum Effect {
        /** Part of a structure is not in the file or is malformed, so what it holds is missing from the dump. */
        PART_UNREAD,
        /** Something odd, out of the ordinary or past a limit, that the parse read around or up to. */
        READ_AROUND
    }

    /**
     * Where an anomaly is: the structure (a {@link Directory#key()} such as "imports", or a
     * header: "dos-header", "file-header", "optional-header", "data-directories",
     * "section-table") and, when known, the file offset and length of the bytes concerned.
     */
    public record Location(String structure, long offset, long length) {
        public static final String DOS_HEADER = "dos-header";
        public static final String RICH_HEADER = "rich-header";
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

    /**
     * Longest text one argument puts in a message. Names come from the file and a resource name
     * can hold 65,535 characters: a damaged tree reporting its leaves' paths made a hundred
     * messages of 130 KB each, 36 MB for a 131 KB file (ResourceProperties, seed
     * 4535976069232146814). Past this, an argument is cut and ends with "…".
     */
    static final int MAX_ARGUMENT_CHARS = 256;

    public static Anomaly of(Kind kind, Location location, String format, Object... args) {
        Object[] bounded = args;
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null || arg instanceof Number || arg instanceof Character || arg instanceof Boolean) {
                continue;
            }
            Object text = arg instanceof Collection<?> items ? joined(items) : cut(arg.toString());
            if (text != arg) {
                if (bounded == args) {
                    bounded = args.clone();
                }
                bounded[i] = text;
            }
        }
        return new Anomaly(kind, String.format(format, bounded), location);
    }

    /** {@code text}, or its first MAX_ARGUMENT_CHARS characters and "…". */
    private static String cut(String text) {
        return text.length() <= MAX_ARGUMENT_CHARS ? text : text.substring(0, MAX_ARGUMENT_CHARS) + "…";
    }

    /** A list as List.toString writes it, stopped at MAX_ARGUMENT_CHARS without making the whole of it first. */
    private static String joined(Collection<?> items) {
        StringBuilder text = new StringBuilder("[");
        for (Object item : items) {
            if (text.length() > 1) {
                text.append(", ");
            }
            String element = String.valueOf(item);
            int room = MAX_ARGUMENT_CHARS - text.length();
            if (element.length() > room) {
                text.append(element, 0, Math.max(0, room)).append('…');
                return text.toString();
            }
            text.append(element);
        }
        return text.append(']').toString();
    }
}
