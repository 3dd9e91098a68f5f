package pescope.report;

import java.util.Map;
import pescope.pe.Manifest;
import pescope.pe.PeImage;
import pescope.pe.ResourceEntry;
import pescope.pe.ResourceKey;
import pescope.pe.Resources;
import pescope.pe.VersionInfo;

/**
 * The --resources block: dumpbin has none, so it follows dumpbin's manner (two-space headings,
 * hex values right-aligned): the resource tree one leaf a line, then the version information,
 * then each manifest.
 */
final class ResourceText {

    private ResourceText() {}

    static void append(PeImage image, TextOut text) {
        StringBuilder out = new StringBuilder();
        append(out, image.directory(Resources.class).orElse(Resources.NONE));
        text.append(out);
    }

    private static void append(StringBuilder out, Resources resources) {
        out.append("  Resources\n\n");
        if (resources.entries().isEmpty()) {
            out.append("    none\n\n");
            return;
        }
        out.append("    Type             Name                 Language  Code page       RVA      Size\n");
        for (ResourceEntry e : resources.entries()) {
            out.append("    ").append(pad(Text.printable(e.type().asType()), 16)).append(' ')
                    .append(pad(key(e.name()), 20)).append(' ')
                    .append(Columns.right(key(e.language()), 8)).append(' ')
                    .append(Columns.right(e.codePage(), 10)).append(' ')
                    .append(Columns.hex(e.rva(), 8)).append(' ')
                    .append(Columns.right(Columns.hex(e.size()), 9)).append('\n');
        }
        out.append('\n');
        resources.versionInfo().ifPresent(v -> appendVersion(out, v));
        for (Manifest m : resources.manifests()) {
            out.append("  Manifest ").append(key(m.name())).append(", language ").append(key(m.language())).append("\n\n");
            for (String line : m.text().split("\r\n|\n|\r", -1)) {
                out.append("    ").append(Text.printable(line)).append('\n');
            }
            out.append('\n');
        }
    }

    private static void appendVersion(StringBuilder out, VersionInfo v) {
        out.append("  Version information\n\n");
        if (v.hasFixedInfo()) {
            value(out, v.fileVersion(), "file version");
            value(out, v.productVersion(), "product version");
            value(out, Columns.hex(v.fileFlags()), "file flags" + VersionNames.fileFlags(v.fileFlags()));
            value(out, Columns.hex(v.fileOS()), "file OS" + VersionNames.fileOs(v.fileOS()));
            value(out, Columns.hex(v.fileType()), "file type" + VersionNames.fileType(v.fileType()));
            out.append('\n');
        }
        for (Map.Entry<String, Map<String, String>> table : v.strings().entrySet()) {
            out.append("    String table ").append(Text.printable(table.getKey())).append('\n');
            int width = table.getValue().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> s : table.getValue().entrySet()) {
                out.append("      ").append(pad(Text.printable(s.getKey()), width)).append("  ")
                        .append(Text.printable(s.getValue())).append('\n');
            }
            out.append('\n');
        }
        if (!v.translations().isEmpty()) {
            out.append("    Translations ").append(String.join(" ", v.translations())).append("\n\n");
        }
    }

    private static void value(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 16)).append(' ').append(label).append('\n');
    }

    private static String key(ResourceKey key) {
        return key == null ? "-" : Text.printable(key.toString());
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
