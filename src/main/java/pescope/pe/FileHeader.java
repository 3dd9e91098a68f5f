package pescope.pe;

/** The COFF file header (IMAGE_FILE_HEADER), as read. */
public record FileHeader(
        int machine,
        int numberOfSections,
        long timeDateStamp,
        long pointerToSymbolTable,
        long numberOfSymbols,
        int sizeOfOptionalHeader,
        int characteristics) {

    public static final int RELOCS_STRIPPED = 0x0001;
    public static final int EXECUTABLE_IMAGE = 0x0002;
    public static final int DLL = 0x2000;

    public boolean isDll() {
        return (characteristics & DLL) != 0;
    }

    public boolean relocationsStripped() {
        return (characteristics & RELOCS_STRIPPED) != 0;
    }
}
