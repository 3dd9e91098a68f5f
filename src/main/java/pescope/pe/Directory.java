package pescope.pe;

import java.util.Arrays;
import java.util.Optional;

/**
 * The registry of the 16 data directories: what each is called, where its address points, and
 * which reader (if any yet) parses it. {@link PeReader} selects what to parse from here, and the
 * report and CLI derive their renderers and options from these rows; adding a directory starts
 * with filling in its reader below (see docs/adding-a-directory.md).
 *
 * <p>Declared in the order the readers run, which is the order their anomalies are listed in;
 * {@link #index()} is the slot in the optional header's array.
 */
public enum Directory {
    IMPORT(1, "Import", "imports", Addressing.RVA, new ImportReader()),
    DELAY_IMPORT(13, "Delay Import", "delayImports", Addressing.RVA, new DelayImportReader()),
    BOUND_IMPORT(11, "Bound Import", "boundImports", Addressing.RVA, new BoundImportReader()),
    EXPORT(0, "Export", "exports", Addressing.RVA, new ExportReader()),
    RESOURCE(2, "Resource", "resources", Addressing.RVA, null),
    EXCEPTION(3, "Exception", "exceptions", Addressing.RVA, null),
    // WIN_CERTIFICATE data is not mapped into memory: its "RVA" is a file offset.
    CERTIFICATES(4, "Certificates", "certificates", Addressing.FILE_OFFSET, null),
    BASE_RELOCATION(5, "Base Relocation", "relocations", Addressing.RVA, null),
    DEBUG(6, "Debug", "debug", Addressing.RVA, null),
    ARCHITECTURE(7, "Architecture", "architecture", Addressing.RVA, null),
    GLOBAL_POINTER(8, "Global Pointer", "globalPointer", Addressing.RVA, null),
    TLS(9, "Thread Storage", "tls", Addressing.RVA, null),
    LOAD_CONFIG(10, "Load Configuration", "loadConfig", Addressing.RVA, null),
    IMPORT_ADDRESS_TABLE(12, "Import Address Table", "importAddressTable", Addressing.RVA, null),
    COM_DESCRIPTOR(14, "COM Descriptor", "comDescriptor", Addressing.RVA, null),
    RESERVED(15, "Reserved", "reserved", Addressing.RVA, null);

    /** What the address in a data-directory entry means. */
    public enum Addressing {
        /** A relative virtual address, mapped to the file through the section table. */
        RVA,
        /** A file offset, read as it is: the certificate table, which the loader does not map. */
        FILE_OFFSET
    }

    private static final Directory[] BY_INDEX = new Directory[PeReader.MAX_DATA_DIRECTORIES];

    static {
        for (Directory d : values()) {
            BY_INDEX[d.index] = d;
        }
    }

    private final int index;
    private final String title;
    private final String key;
    private final Addressing addressing;
    private final DirectoryReader<?> reader;

    Directory(int index, String title, String key, Addressing addressing, DirectoryReader<?> reader) {
        this.index = index;
        this.title = title;
        this.key = key;
        this.addressing = addressing;
        this.reader = reader;
    }

    /** The slot in the optional header's data-directory array. */
    public int index() {
        return index;
    }

    /** The name dumpbin prints ("RVA [size] of Import Directory"). */
    public String title() {
        return title;
    }

    /** The stable short name: the JSON key of its block and the structure its anomalies name. */
    public String key() {
        return key;
    }

    public Addressing addressing() {
        return addressing;
    }

    /** Whether pescope reads this directory's contents yet (otherwise only its entry is shown). */
    public boolean isRead() {
        return reader != null;
    }

    Optional<DirectoryReader<?>> reader() {
        return Optional.ofNullable(reader);
    }

    public static Directory byIndex(int index) {
        return BY_INDEX[index];
    }

    /** Every directory that has a reader, in reading order. */
    public static java.util.Set<Directory> allRead() {
        java.util.EnumSet<Directory> read = java.util.EnumSet.noneOf(Directory.class);
        Arrays.stream(values()).filter(Directory::isRead).forEach(read::add);
        return read;
    }
}
