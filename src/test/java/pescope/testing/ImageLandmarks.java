package pescope.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the fields a mutation aims at lie in a valid image from {@link PeWriter}: counts and
 * sizes, RVA pointers, file-offset pointers, and the tables whose ends can be removed. Reads
 * only what the writer wrote, so it trusts the image and checks nothing.
 */
final class ImageLandmarks {
    private static final String[] DIRECTORY_NAMES = {"Export", "Import", "Resource", "Exception", "Security",
            "BaseReloc", "Debug", "Architecture", "GlobalPtr", "TLS", "LoadConfig", "BoundImport", "IAT",
            "DelayImport", "CLR", "Reserved"};
    private static final int IMPORT_DESCRIPTOR_SIZE = 20;
    private static final int DELAY_DESCRIPTOR_SIZE = 32;

    /** A field of {@code width} bytes at file offset {@code offset}. */
    record Field(String name, int offset, int width) {}

    /** A table that ends with an all-zero entry; {@code room} is how far it could run before data ends. */
    record Table(String name, int firstEntry, int entrySize, int terminator, int room) {}

    final byte[] image;
    final boolean pe32Plus;
    final long sizeOfHeaders;
    final long sizeOfImage;
    final List<Field> counts = new ArrayList<>();
    final List<Field> rvaPointers = new ArrayList<>();
    final List<Field> filePointers = new ArrayList<>();
    /** Lookup tables (ILT, delay INT) by their first thunk, for self-references. */
    final List<Field> lookupTableStarts = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();

    private final int sectionTable;
    private final int numberOfSections;

    private ImageLandmarks(byte[] image) {
        this.image = image;
        int peHeader = u4(0x3C);
        int optionalHeader = peHeader + 24;
        this.pe32Plus = u2(optionalHeader) == 0x20B;
        this.numberOfSections = u2(peHeader + 6);
        this.sectionTable = optionalHeader + u2(peHeader + 20);
        this.sizeOfImage = u4(optionalHeader + 56) & 0xFFFFFFFFL;
        this.sizeOfHeaders = u4(optionalHeader + 60) & 0xFFFFFFFFL;
        int directoryCountAt = optionalHeader + (pe32Plus ? 108 : 92);
        int directories = Math.min(u4(directoryCountAt), 16);

        filePointers.add(new Field("e_lfanew", 0x3C, 4));
        counts.add(new Field("e_lfanew", 0x3C, 4));
        counts.add(new Field("NumberOfSections", peHeader + 6, 2));
        counts.add(new Field("SizeOfOptionalHeader", peHeader + 20, 2));
        counts.add(new Field("SizeOfImage", optionalHeader + 56, 4));
        counts.add(new Field("SizeOfHeaders", optionalHeader + 60, 4));
        counts.add(new Field("NumberOfRvaAndSizes", directoryCountAt, 4));
        addSections();
        int directoryTable = directoryCountAt + 4;
        for (int i = 0; i < directories; i++) {
            int entry = directoryTable + 8 * i;
            if (u4(entry) == 0) continue;
            rvaPointers.add(new Field("DataDirectory[" + DIRECTORY_NAMES[i] + "].VirtualAddress", entry, 4));
            counts.add(new Field("DataDirectory[" + DIRECTORY_NAMES[i] + "].Size", entry + 4, 4));
        }
        if (directories > PeLayout.DIR_IMPORT) addImports(u4(directoryTable + 8 * PeLayout.DIR_IMPORT));
        if (directories > PeLayout.DIR_EXPORT) addExports(u4(directoryTable + 8 * PeLayout.DIR_EXPORT));
        if (directories > PeLayout.DIR_DELAY_IMPORT) addDelayImports(u4(directoryTable + 8 * PeLayout.DIR_DELAY_IMPORT));
        if (directories > PeLayout.DIR_BASERELOC) addRelocations(u4(directoryTable + 8 * PeLayout.DIR_BASERELOC));
        if (directories > 10) addDebugTlsAndLoadConfig(u4(directoryTable + 8 * 6), u4(directoryTable + 8 * 9),
                u4(directoryTable + 8 * 10));
    }

    /** The first debug entry's data size and pointers, the load config's Size, the TLS callback pointer. */
    private void addDebugTlsAndLoadConfig(int debugRva, int tlsRva, int loadConfigRva) {
        try {
            if (debugRva != 0) {
                int entry = offsetOf(debugRva);
                counts.add(new Field("debug[0].SizeOfData", entry + 16, 4));
                rvaPointers.add(new Field("debug[0].AddressOfRawData", entry + 20, 4));
                filePointers.add(new Field("debug[0].PointerToRawData", entry + 24, 4));
            }
            if (tlsRva != 0) {
                rvaPointers.add(new Field("tls.AddressOfCallBacks", offsetOf(tlsRva) + (pe32Plus ? 24 : 12), 4));
            }
            if (loadConfigRva != 0) {
                counts.add(new Field("loadConfig.Size", offsetOf(loadConfigRva), 4));
            }
        } catch (IllegalStateException e) {
            // A directory outside every section's data: the data-directory landmarks still cover it.
        }
    }

    static ImageLandmarks of(byte[] image) {
        return new ImageLandmarks(image);
    }

    /** The RVA of a file offset, or -1 when no section or header maps it. */
    long rvaOf(int offset) {
        if (offset < sizeOfHeaders) return offset;
        for (int i = 0; i < numberOfSections; i++) {
            int header = sectionTable + 40 * i;
            long raw = u4(header + 16) & 0xFFFFFFFFL;
            long pointer = u4(header + 20) & 0xFFFFFFFFL;
            if (raw != 0 && offset >= pointer && offset < pointer + raw) return (u4(header + 12) & 0xFFFFFFFFL) + offset - pointer;
        }
        return -1;
    }

    private void addSections() {
        for (int i = 0; i < numberOfSections; i++) {
            int header = sectionTable + 40 * i;
            counts.add(new Field("section[" + i + "].VirtualSize", header + 8, 4));
            counts.add(new Field("section[" + i + "].SizeOfRawData", header + 16, 4));
            rvaPointers.add(new Field("section[" + i + "].VirtualAddress", header + 12, 4));
            filePointers.add(new Field("section[" + i + "].PointerToRawData", header + 20, 4));
        }
    }

    private void addImports(int rva) {
        if (rva == 0) return;
        int first = offsetOf(rva);
        int d = 0;
        for (int at = first; u4(at) != 0 || u4(at + 12) != 0; at += IMPORT_DESCRIPTOR_SIZE, d++) {
            String name = "import[" + d + "]";
            rvaPointers.add(new Field(name + ".OriginalFirstThunk", at, 4));
            rvaPointers.add(new Field(name + ".Name", at + 12, 4));
            rvaPointers.add(new Field(name + ".FirstThunk", at + 16, 4));
            lookupTableStarts.add(new Field(name + " ILT[0]", offsetOf(u4(at)), pe32Plus ? 8 : 4));
        }
        int terminator = first + d * IMPORT_DESCRIPTOR_SIZE;
        tables.add(new Table("import descriptors", first, IMPORT_DESCRIPTOR_SIZE, terminator, roomAfter(terminator)));
    }

    private void addDelayImports(int rva) {
        if (rva == 0) return;
        int first = offsetOf(rva);
        int d = 0;
        for (int at = first; u4(at + 4) != 0; at += DELAY_DESCRIPTOR_SIZE, d++) {
            String name = "delayImport[" + d + "]";
            rvaPointers.add(new Field(name + ".DllNameRVA", at + 4, 4));
            rvaPointers.add(new Field(name + ".ImportAddressTableRVA", at + 12, 4));
            rvaPointers.add(new Field(name + ".ImportNameTableRVA", at + 16, 4));
            lookupTableStarts.add(new Field(name + " INT[0]", offsetOf(u4(at + 16)), pe32Plus ? 8 : 4));
        }
        int terminator = first + d * DELAY_DESCRIPTOR_SIZE;
        tables.add(new Table("delay-import descriptors", first, DELAY_DESCRIPTOR_SIZE, terminator, roomAfter(terminator)));
    }

    private void addExports(int rva) {
        if (rva == 0) return;
        int directory = offsetOf(rva);
        rvaPointers.add(new Field("export.Name", directory + 12, 4));
        counts.add(new Field("export.NumberOfFunctions", directory + 20, 4));
        counts.add(new Field("export.NumberOfNames", directory + 24, 4));
        rvaPointers.add(new Field("export.AddressOfFunctions", directory + 28, 4));
        rvaPointers.add(new Field("export.AddressOfNames", directory + 32, 4));
        rvaPointers.add(new Field("export.AddressOfNameOrdinals", directory + 36, 4));
        if (u4(directory + 24) > 0) rvaPointers.add(new Field("export.names[0]", offsetOf(u4(directory + 32)), 4));
        if (u4(directory + 20) > 0) rvaPointers.add(new Field("export.functions[0]", offsetOf(u4(directory + 28)), 4));
    }

    private void addRelocations(int rva) {
        if (rva == 0) return;
        int block = offsetOf(rva);
        rvaPointers.add(new Field("relocation block[0].VirtualAddress", block, 4));
        counts.add(new Field("relocation block[0].SizeOfBlock", block + 4, 4));
    }

    private int offsetOf(long rva) {
        if (rva < sizeOfHeaders) return (int) rva;
        for (int i = 0; i < numberOfSections; i++) {
            int header = sectionTable + 40 * i;
            long va = u4(header + 12) & 0xFFFFFFFFL;
            long raw = u4(header + 16) & 0xFFFFFFFFL;
            if (rva >= va && rva < va + raw) return (int) (u4(header + 20) + rva - va);
        }
        throw new IllegalStateException(String.format("RVA 0x%X is in no section's data", rva));
    }

    private int roomAfter(int offset) {
        for (int i = 0; i < numberOfSections; i++) {
            int header = sectionTable + 40 * i;
            long pointer = u4(header + 20) & 0xFFFFFFFFL;
            long raw = u4(header + 16) & 0xFFFFFFFFL;
            if (offset >= pointer && offset < pointer + raw) return (int) (pointer + raw - offset);
        }
        return (int) Math.max(0, sizeOfHeaders - offset);
    }

    int u2(int offset) {
        return (image[offset] & 0xFF) | (image[offset + 1] & 0xFF) << 8;
    }

    int u4(int offset) {
        return u2(offset) | u2(offset + 2) << 16;
    }
}
