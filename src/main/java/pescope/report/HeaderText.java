package pescope.report;

import static pescope.report.DumpText.address;
import static pescope.report.DumpText.hex;
import static pescope.report.DumpText.timeSuffix;

import pescope.pe.DataDirectory;
import pescope.pe.Machine;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * The /HEADERS block: file header, optional header with the data directories, section headers.
 * Values are right-aligned in 16 columns for the headers, 8 for section headers.
 */
final class HeaderText {

    private static final String FLAG_INDENT = " ".repeat(19);
    private static final String SECTION_FLAG_INDENT = " ".repeat(9);

    private HeaderText() {}

    static void append(PeImage image, TextOut out) {
        appendFileHeader(out, image);
        appendOptionalHeader(out, image);
        appendSectionHeaders(out, image);
    }

    private static void appendFileHeader(TextOut out, PeImage image) {
        var header = image.fileHeader();
        out.append("FILE HEADER VALUES\n");
        value(out, hex(header.machine()), "machine (" + Machine.describe(header.machine()) + ")");
        value(out, hex(header.numberOfSections()), "number of sections");
        // With a REPRO debug entry the stamp is a hash of the image (/Brepro), not a date.
        boolean reproducible = image.directory(pescope.pe.DebugDirectory.class)
                .map(pescope.pe.DebugDirectory::isReproducible).orElse(false);
        value(out, hex(header.timeDateStamp()), "time date stamp" + (reproducible ? "" : timeSuffix(header.timeDateStamp())));
        value(out, hex(header.pointerToSymbolTable()), "file pointer to symbol table");
        value(out, hex(header.numberOfSymbols()), "number of symbols");
        value(out, hex(header.sizeOfOptionalHeader()), "size of optional header");
        value(out, hex(header.characteristics()), "characteristics");
        flags(out, FLAG_INDENT, FlagNames.describe(header.characteristics(), FlagNames.FILE_CHARACTERISTICS));
        out.append('\n');
    }

    private static void appendOptionalHeader(TextOut out, PeImage image) {
        OptionalHeader h = image.optionalHeader();
        out.append("OPTIONAL HEADER VALUES\n");
        value(out, hex(h.magic()), "magic # (" + h.formatName() + ")");
        value(out, new OptionalHeader.Version(h.majorLinkerVersion(), h.minorLinkerVersion()).toString(), "linker version");
        value(out, hex(h.sizeOfCode()), "size of code");
        value(out, hex(h.sizeOfInitializedData()), "size of initialized data");
        value(out, hex(h.sizeOfUninitializedData()), "size of uninitialized data");
        value(out, hex(h.addressOfEntryPoint()), "entry point"
                + (h.addressOfEntryPoint() != 0 ? " (" + address(h, h.imageBase() + h.addressOfEntryPoint()) + ")" : ""));
        value(out, hex(h.baseOfCode()), "base of code");
        if (h.baseOfData() != null) {
            value(out, hex(h.baseOfData()), "base of data");
        }
        value(out, hex(h.imageBase()), "image base (" + address(h, h.imageBase()) + " to "
                + address(h, h.imageBase() + h.sizeOfImage() - 1) + ")");
        value(out, hex(h.sectionAlignment()), "section alignment");
        value(out, hex(h.fileAlignment()), "file alignment");
        value(out, h.operatingSystemVersion().toString(), "operating system version");
        value(out, h.imageVersion().toString(), "image version");
        value(out, h.subsystemVersion().toString(), "subsystem version");
        value(out, hex(h.win32VersionValue()), "Win32 version");
        value(out, hex(h.sizeOfImage()), "size of image");
        value(out, hex(h.sizeOfHeaders()), "size of headers");
        value(out, hex(h.checkSum()), "checksum");
        value(out, hex(h.subsystem()), "subsystem (" + FlagNames.subsystem(h.subsystem()) + ")");
        value(out, hex(h.dllCharacteristics()), "DLL characteristics");
        flags(out, FLAG_INDENT, FlagNames.describe(h.dllCharacteristics(), FlagNames.DLL_CHARACTERISTICS));
        value(out, hex(h.sizeOfStackReserve()), "size of stack reserve");
        value(out, hex(h.sizeOfStackCommit()), "size of stack commit");
        value(out, hex(h.sizeOfHeapReserve()), "size of heap reserve");
        value(out, hex(h.sizeOfHeapCommit()), "size of heap commit");
        value(out, hex(h.loaderFlags()), "loader flags");
        value(out, hex(h.numberOfRvaAndSizes()), "number of directories");
        for (DataDirectory d : image.dataDirectories()) {
            out.append(Columns.right(hex(d.rva()), 16)).append(" [").append(Columns.right(hex(d.size()), 8))
                    .append("] RVA [size] of ").append(d.name()).append(" Directory\n");
        }
        out.append('\n');
    }

    private static void appendSectionHeaders(TextOut out, PeImage image) {
        OptionalHeader h = image.optionalHeader();
        // dumpbin leaves two blank lines before the first section header and numbers them in hex (#A, #10).
        out.append('\n');
        for (Section s : image.sections()) {
            out.append("SECTION HEADER #").append(Integer.toHexString(s.number()).toUpperCase(java.util.Locale.ROOT)).append('\n');
            out.append(Columns.right(TerminalText.escape(s.rawName()), 8)).append(" name")
                    .append(s.hasLongName() ? " (" + TerminalText.escape(s.name()) + ")" : "").append('\n');
            sectionValue(out, hex(s.virtualSize()), "virtual size");
            long va = h.imageBase() + s.virtualAddress();
            sectionValue(out, hex(s.virtualAddress()), "virtual address"
                    + (s.virtualSize() > 0 ? " (" + address(h, va) + " to " + address(h, va + s.virtualSize() - 1) + ")" : ""));
            sectionValue(out, hex(s.sizeOfRawData()), "size of raw data");
            sectionValue(out, hex(s.pointerToRawData()), "file pointer to raw data"
                    + (s.sizeOfRawData() > 0 && s.pointerToRawData() > 0
                        ? " (" + Columns.hex(s.pointerToRawData(), 8) + " to " + Columns.hex(s.pointerToRawData() + s.sizeOfRawData() - 1, 8) + ")"
                        : ""));
            sectionValue(out, hex(s.pointerToRelocations()), "file pointer to relocation table");
            sectionValue(out, hex(s.pointerToLinenumbers()), "file pointer to line numbers");
            sectionValue(out, hex(s.numberOfRelocations()), "number of relocations");
            sectionValue(out, hex(s.numberOfLinenumbers()), "number of line numbers");
            sectionValue(out, hex(s.characteristics()), "flags");
            flags(out, SECTION_FLAG_INDENT, FlagNames.describeSection(s.characteristics()));
            out.append('\n');
            StringBuilder debug = new StringBuilder();
            DebugText.appendAfterSection(debug, image, s);
            out.append(debug);
        }
    }

    private static void value(TextOut out, String value, String label) {
        out.append(Columns.right(value, 16)).append(' ').append(label).append('\n');
    }

    private static void sectionValue(TextOut out, String value, String label) {
        out.append(Columns.right(value, 8)).append(' ').append(label).append('\n');
    }

    private static void flags(TextOut out, String indent, Iterable<String> lines) {
        for (String line : lines) {
            out.append(indent).append(line).append('\n');
        }
    }
}
