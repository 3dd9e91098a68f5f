package pescope.report;

import java.util.ArrayList;
import java.util.List;
import pescope.pe.clr.AssemblyIdentity;
import pescope.pe.clr.ClrHeader;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.PInvokeImport;

/**
 * The .NET blocks of a text dump: dumpbin's "clr Header:" layout (as real dumpbin /CLRHEADER
 * output shows it: cb in decimal, the runtime version as major.minor with two digits, then
 * "RVA [size]" lines), and our own tables of AssemblyRefs and P/Invokes, which dumpbin has not.
 */
public final class ClrText {

    /** Which .NET blocks to print. */
    public record Blocks(boolean clrHeader, boolean assemblyRefs, boolean pinvoke) {
        public static final Blocks NONE = new Blocks(false, false, false);

        public boolean any() {
            return clrHeader || assemblyRefs || pinvoke;
        }
    }

    private static final String FLAG_INDENT = " ".repeat(19);

    private final Blocks blocks;

    public ClrText(Blocks blocks) {
        this.blocks = blocks;
    }

    /** TextBlock renderers: each prints its block when the image is a .NET assembly. */
    static void appendHeader(pescope.pe.PeImage image, TextOut out) {
        render(image, out, new Blocks(true, false, false));
    }

    static void appendAssemblyRefs(pescope.pe.PeImage image, TextOut out) {
        render(image, out, new Blocks(false, true, false));
    }

    static void appendPInvokes(pescope.pe.PeImage image, TextOut out) {
        render(image, out, new Blocks(false, false, true));
    }

    private static void render(pescope.pe.PeImage image, TextOut out, Blocks blocks) {
        image.directory(ClrImage.class).ifPresent(clr -> {
            StringBuilder text = new StringBuilder();
            new ClrText(blocks).append(text, clr);
            out.append(text);
        });
    }

    public void append(StringBuilder out, ClrImage clr) {
        if (blocks.clrHeader() && clr.header() != null) {
            appendHeader(out, clr.header());
        }
        if (blocks.assemblyRefs()) {
            appendAssemblyRefs(out, clr);
        }
        if (blocks.pinvoke()) {
            appendPInvokes(out, clr);
        }
    }

    /** dumpbin's names for the COMIMAGE_FLAGS bits, in bit order. */
    static List<String> flagNames(long flags) {
        List<String> names = new ArrayList<>();
        String[][] known = {{"1", "IL Only"}, {"2", "32-Bit Required"}, {"4", "IL Library"},
            {"8", "Strong Name Signed"}, {"16", "Native Entry Point"}, {"65536", "Track Debug Data"},
            {"131072", "32-Bit Preferred"}};
        for (String[] flag : known) {
            if ((flags & Long.parseLong(flag[0])) != 0) {
                names.add(flag[1]);
            }
        }
        return names;
    }

    private static void appendHeader(StringBuilder out, ClrHeader h) {
        out.append("  clr Header:\n\n");
        value(out, Long.toString(h.cb()), "cb");
        value(out, h.majorRuntimeVersion() + "." + String.format("%02d", h.minorRuntimeVersion()),
                "runtime version");
        location(out, h.metadata(), "MetaData");
        value(out, Columns.hex(h.flags()), "flags");
        flagNames(h.flags()).forEach(name -> out.append(FLAG_INDENT).append(name).append('\n'));
        value(out, Columns.hex(h.entryPointToken()), "entry point token");
        location(out, h.resources(), "Resources");
        location(out, h.strongNameSignature(), "StrongNameSignature");
        location(out, h.codeManagerTable(), "CodeManagerTable");
        location(out, h.vtableFixups(), "VTableFixups");
        location(out, h.exportAddressTableJumps(), "ExportAddressTableJumps");
        location(out, h.managedNativeHeader(), "ManagedNativeHeader");
        out.append("\n\n");
    }

    private static void appendAssemblyRefs(StringBuilder out, ClrImage clr) {
        clr.assembly().ifPresent(a -> out.append("  Assembly: ").append(escape(a.displayName())).append("\n\n"));
        out.append("  Runtime version: ").append(escape(clr.runtimeVersion())).append("\n\n");
        out.append("  Assembly references (").append(clr.assemblyRefs().size()).append("):\n\n");
        if (!clr.assemblyRefs().isEmpty()) {
            out.append("     Row Version          Culture   PublicKeyToken    Name\n");
            for (int i = 0; i < clr.assemblyRefs().size(); i++) {
                AssemblyIdentity ref = clr.assemblyRefs().get(i);
                out.append(Columns.right(i + 1, 8)).append(' ')
                        .append(pad(escape(ref.version()), 16)).append(' ')
                        .append(pad(ref.culture().isEmpty() ? "neutral" : escape(ref.culture()), 9)).append(' ')
                        .append(pad(ref.publicKeyToken().isEmpty() ? "null" : ref.publicKeyToken(), 17)).append(' ')
                        .append(escape(ref.name())).append('\n');
            }
            out.append('\n');
        }
        out.append("  Module references (").append(clr.moduleRefs().size()).append("):\n\n");
        for (int i = 0; i < clr.moduleRefs().size(); i++) {
            out.append(Columns.right(i + 1, 8)).append(' ').append(escape(clr.moduleRefs().get(i))).append('\n');
        }
        out.append('\n');
    }

    private static void appendPInvokes(StringBuilder out, ClrImage clr) {
        out.append("  P/Invoke imports (").append(clr.pinvokes().size()).append("):\n\n");
        if (clr.pinvokes().isEmpty()) {
            return;
        }
        out.append("     Row CharSet  Exact CallConv SetLastError  Args Module / entry point <- method\n");
        for (PInvokeImport p : clr.pinvokes()) {
            out.append(Columns.right(p.row(), 8)).append(' ')
                    .append(pad(charSet(p.charSet()), 8)).append(' ')
                    .append(pad(p.exactSpelling() ? "yes" : "no", 5)).append(' ')
                    .append(pad(p.callingConvention(), 8)).append(' ')
                    .append(pad(p.setLastError() ? "yes" : "no", 12)).append(' ')
                    .append(Columns.right(p.argumentBytes() == null ? "?" : p.argumentBytes().toString(), 5)).append(' ')
                    .append(p.module() == null ? "(no module)" : escape(p.module())).append('!')
                    .append(escape(p.entryPoint())).append(" <- ")
                    .append(p.method() == null ? "(no method)" : escape(p.method())).append('\n');
        }
        out.append('\n');
    }

    static String charSet(PInvokeImport.CharSet charSet) {
        return switch (charSet) {
            case NOT_SPEC -> "NotSpec";
            case ANSI -> "Ansi";
            case UNICODE -> "Unicode";
            case AUTO -> "Auto";
        };
    }

    private static void location(StringBuilder out, ClrHeader.Location location, String name) {
        out.append(Columns.right(Columns.hex(location.rva()), 16)).append(" [")
                .append(Columns.right(Columns.hex(location.size()), 8)).append("] RVA [size] of ")
                .append(name).append(" Directory\n");
    }

    private static void value(StringBuilder out, String value, String label) {
        out.append(Columns.right(value, 16)).append(' ').append(label).append('\n');
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Names come from the file: shown through the one terminal escaping every text renderer uses. */
    static String escape(String name) {
        return TerminalText.escape(name);
    }
}
