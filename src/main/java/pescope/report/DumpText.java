package pescope.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import pescope.pe.DataDirectory;
import pescope.pe.Machine;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * Renders an image in dumpbin's text layout (see shared/specs/dumpbin-format.md): values
 * right-aligned in 16 columns for the headers, 8 for section headers, upper-case hex without 0x.
 */
public final class DumpText {

    /** Which blocks to print; the summary closes every dump, as in dumpbin. */
    public record Blocks(boolean headers, boolean dependents, boolean imports, boolean exports) {
        public static final Blocks SUMMARY_ONLY = new Blocks(false, false, false, false);
    }

    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
    private static final String FLAG_INDENT = " ".repeat(19);
    private static final String SECTION_FLAG_INDENT = " ".repeat(9);

    private final Blocks blocks;
    private final ClrText clrText;

    public DumpText(Blocks blocks) {
        this(blocks, ClrText.Blocks.NONE);
    }

    public DumpText(Blocks blocks, ClrText.Blocks clrBlocks) {
        this.blocks = blocks;
        this.clrText = new ClrText(clrBlocks);
    }

    public static String banner(String version) {
        return "pescope PE/COFF Dumper Version " + version + "\n"
                + "dumpbin-compatible layout; times are UTC.\n\n";
    }

    public String render(PeImage image, String displayName) {
        return render(image, java.util.Optional.empty(), displayName);
    }

    /** With the image's .NET data, printed after the exports when its blocks were asked for. */
    public String render(PeImage image, java.util.Optional<pescope.pe.clr.ClrImage> clr, String displayName) {
        StringBuilder out = new StringBuilder();
        out.append('\n').append("Dump of file ").append(displayName).append("\n\n");
        if (blocks.headers()) {
            out.append("PE signature found\n\n");
        }
        out.append("File Type: ").append(image.isDll() ? "DLL" : "EXECUTABLE IMAGE").append("\n\n");
        if (blocks.headers()) {
            appendFileHeader(out, image);
            appendOptionalHeader(out, image);
            appendSectionHeaders(out, image);
        }
        if (blocks.dependents()) {
            new ImportText(image).appendDependents(out);
        }
        if (blocks.imports()) {
            new ImportText(image).appendImports(out);
        }
        if (blocks.exports()) {
            new ExportText(image).appendExports(out);
        }
        clr.ifPresent(c -> clrText.append(out, c));
        appendAnomalies(out, image);
        clr.ifPresent(c -> appendClrAnomalies(out, c));
        appendSummary(out, image);
        return out.toString();
    }

    private void appendFileHeader(StringBuilder out, PeImage image) {
        var header = image.fileHeader();
        out.append("FILE HEADER VALUES\n");
        value(out, hex(header.machine()), "machine (" + Machine.describe(header.machine()) + ")");
        value(out, hex(header.numberOfSections()), "number of sections");
        value(out, hex(header.timeDateStamp()), "time date stamp" + timeSuffix(header.timeDateStamp()));
        value(out, hex(header.pointerToSymbolTable()), "file pointer to symbol table");
        value(out, hex(header.numberOfSymbols()), "number of symbols");
        value(out, hex(header.sizeOfOptionalHeader()), "size of optional header");
        value(out, hex(header.characteristics()), "characteristics");
        flags(out, FLAG_INDENT, FlagNames.describe(header.characteristics(), FlagNames.FILE_CHARACTERISTICS));
        out.append('\n');
    }

    private void appendOptionalHeader(StringBuilder out, PeImage image) {
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

    private void appendSectionHeaders(StringBuilder out, PeImage image) {
        OptionalHeader h = image.optionalHeader();
        for (Section s : image.sections()) {
            out.append("SECTION HEADER #").append(s.number()).append('\n');
            out.append(Columns.right(s.rawName(), 8)).append(" name").append(s.hasLongName() ? " (" + s.name() + ")" : "").append('\n');
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
        }
    }

    /** Not in dumpbin, which says nothing of damage; here each one is a line above the summary. */
    private void appendAnomalies(StringBuilder out, PeImage image) {
        if (image.anomalies().isEmpty()) {
            return;
        }
        out.append("  Anomalies\n\n");
        image.anomalies().forEach(a -> out.append("    ").append(a.kind()).append(": ").append(a.message()).append('\n'));
        out.append('\n');
    }

    private void appendClrAnomalies(StringBuilder out, pescope.pe.clr.ClrImage clr) {
        if (clr.anomalies().isEmpty()) {
            return;
        }
        out.append("  .NET metadata anomalies\n\n");
        clr.anomalies().forEach(a -> out.append("    ").append(a.kind()).append(": ").append(a.message()).append('\n'));
        out.append('\n');
    }

    /**
     * Each section's size in memory (VirtualSize, or SizeOfRawData when that is zero, rounded up to
     * SectionAlignment), summed per name and sorted by name, as dumpbin's summary shows it.
     */
    private void appendSummary(StringBuilder out, PeImage image) {
        Map<String, Long> sizes = new TreeMap<>();
        long alignment = Math.max(1, image.optionalHeader().sectionAlignment());
        for (Section s : image.sections()) {
            long size = s.virtualSize() != 0 ? s.virtualSize() : s.sizeOfRawData();
            long rounded = (size + alignment - 1) / alignment * alignment;
            sizes.merge(s.name(), rounded, Long::sum);
        }
        out.append("  Summary\n\n");
        sizes.forEach((name, size) -> out.append(Columns.right(hex(size), 12)).append(' ').append(name).append('\n'));
    }

    static String hex(long value) {
        return Columns.hex(value);
    }

    /** Virtual addresses print with 8 digits in PE32 and 16 in PE32+. */
    static String address(OptionalHeader h, long va) {
        return h.isPe32Plus() ? Columns.hex(va, 16) : Columns.hex(va & 0xFFFFFFFFL, 8);
    }

    static String timeSuffix(long timeDateStamp) {
        return timeDateStamp == 0 ? "" : " " + CTIME.format(Instant.ofEpochSecond(timeDateStamp));
    }

    private static void value(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 16)).append(' ').append(label).append('\n');
    }

    private static void sectionValue(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 8)).append(' ').append(label).append('\n');
    }

    private static void flags(StringBuilder out, String indent, Iterable<String> lines) {
        for (String line : lines) {
            out.append(indent).append(line).append('\n');
        }
    }
}
