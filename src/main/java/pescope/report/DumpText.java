package pescope.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pescope.pe.OptionalHeader;
import pescope.pe.PeImage;
import pescope.pe.Section;

/**
 * Renders an image in dumpbin's text layout (see shared/specs/dumpbin-format.md): the banner
 * lines, then each asked-for {@link TextBlock}, the anomalies and the section summary.
 * Upper-case hex without 0x.
 */
public final class DumpText {


    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /** Which blocks to print, in {@link TextBlock} order; the summary closes every dump, as in dumpbin. */
    private final Set<TextBlock> blocks;

    public DumpText(Set<TextBlock> blocks) {
        this.blocks = blocks.isEmpty() ? EnumSet.noneOf(TextBlock.class) : EnumSet.copyOf(blocks);
    }

    /** Every block. */
    public static DumpText all() {
        return new DumpText(EnumSet.allOf(TextBlock.class));
    }

    public static String banner(String version) {
        return "pescope PE/COFF Dumper Version " + version + "\n"
                + "dumpbin-compatible layout; times are UTC.\n\n";
    }

    /** The whole dump of one image as a String. */
    public String render(PeImage image, String displayName) {
        TextOut out = TextOut.collecting();
        render(image, displayName, out);
        return out.toString();
    }

    /** Writes the dump of one image to {@code out}, block by block. */
    public void render(PeImage image, String displayName, TextOut out) {
        out.append('\n').append("Dump of file ").append(TerminalText.escape(displayName)).append("\n\n");
        if (blocks.contains(TextBlock.HEADERS)) {
            out.append("PE signature found\n\n");
        }
        out.append("File Type: ").append(image.isDll() ? "DLL" : "EXECUTABLE IMAGE").append("\n\n");
        for (TextBlock block : blocks) {
            block.render(image, out);
        }
        appendAnomalies(out, image);
        appendSummary(out, image);
        out.flush();
    }

    /** Not in dumpbin, which says nothing of damage; here each one is a line above the summary. */
    private void appendAnomalies(TextOut out, PeImage image) {
        if (image.anomalies().isEmpty()) {
            return;
        }
        out.append("  Anomalies\n\n");
        image.anomalies().forEach(a -> out.append("    ").append(a.kind().name()).append(": ").append(TerminalText.escape(a.message())).append('\n'));
        out.append('\n');
    }

    /**
     * Each section's size in memory (VirtualSize, or SizeOfRawData when that is zero, rounded up to
     * SectionAlignment), summed per name and sorted by name, as dumpbin's summary shows it.
     */
    private void appendSummary(TextOut out, PeImage image) {
        Map<String, Long> sizes = new TreeMap<>();
        long alignment = Math.max(1, image.optionalHeader().sectionAlignment());
        for (Section s : image.sections()) {
            long size = s.virtualSize() != 0 ? s.virtualSize() : s.sizeOfRawData();
            long rounded = (size + alignment - 1) / alignment * alignment;
            sizes.merge(s.name(), rounded, Long::sum);
        }
        out.append("  Summary\n\n");
        sizes.forEach((name, size) -> out.append(Columns.right(hex(size), 12)).append(' ').append(TerminalText.escape(name)).append('\n'));
    }

    static String hex(long value) {
        return Columns.hex(value);
    }

    /** Virtual addresses print with 8 digits in PE32 and 16 in PE32+. */
    static String address(OptionalHeader h, long va) {
        return h.isPe32Plus() ? Columns.hex(va, 16) : Columns.hex(va & 0xFFFFFFFFL, 8);
    }

    static String timeSuffix(long timeDateStamp) {
        // dumpbin prints no date for 0 and for FFFFFFFF (a bound import "bound to the current image").
        return timeDateStamp == 0 || timeDateStamp == 0xFFFFFFFFL ? "" : " " + CTIME.format(Instant.ofEpochSecond(timeDateStamp));
    }

}
