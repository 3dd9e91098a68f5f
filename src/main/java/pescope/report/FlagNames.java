package pescope.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pescope.pe.Section;

/** The words dumpbin prints under a characteristics value, one line per flag. */
final class FlagNames {

    private FlagNames() {}

    static final Map<Long, String> FILE_CHARACTERISTICS = ordered(
            0x0001L, "Relocations stripped",
            0x0002L, "Executable",
            0x0004L, "Line numbers stripped",
            0x0008L, "Symbols stripped",
            0x0010L, "Aggressively trim working set",
            0x0020L, "Application can handle large (>2GB) addresses",
            0x0040L, "Reserved flag 0x40",
            0x0080L, "Bytes reversed (low)",
            0x0100L, "32 bit word machine",
            0x0200L, "Debug information stripped",
            0x0400L, "Removable run from swap",
            0x0800L, "Network run from swap",
            0x1000L, "System",
            0x2000L, "DLL",
            0x4000L, "Uniprocessor only",
            0x8000L, "Bytes reversed (high)");

    static final Map<Long, String> DLL_CHARACTERISTICS = ordered(
            0x0001L, "Reserved flag 0x1",
            0x0002L, "Reserved flag 0x2",
            0x0004L, "Reserved flag 0x4",
            0x0008L, "Reserved flag 0x8",
            0x0010L, "Reserved flag 0x10",
            0x0020L, "High Entropy Virtual Addresses",
            0x0040L, "Dynamic base",
            0x0080L, "Force integrity",
            0x0100L, "NX compatible",
            0x0200L, "No isolation",
            0x0400L, "No structured exception handler",
            0x0800L, "Do not bind",
            0x1000L, "AppContainer",
            0x2000L, "WDM driver",
            0x4000L, "Control Flow Guard",
            0x8000L, "Terminal Server Aware");

    /** Section flags other than alignment and access, in dumpbin's order. */
    static final Map<Long, String> SECTION_CHARACTERISTICS = ordered(
            0x00000008L, "No Pad",
            0x00000020L, "Code",
            0x00000040L, "Initialized Data",
            0x00000080L, "Uninitialized Data",
            0x00000100L, "Other",
            0x00000200L, "Info",
            0x00000800L, "Remove",
            0x00001000L, "Communal",
            0x00004000L, "No Defer Spec Exc",
            0x00008000L, "GP Relative",
            0x00020000L, "Purgeable or 16-Bit",
            0x00040000L, "Locked",
            0x00080000L, "Preload",
            0x01000000L, "Extended relocations",
            0x02000000L, "Discardable",
            0x04000000L, "Not Cached",
            0x08000000L, "Not Paged",
            0x10000000L, "Shared");

    static List<String> describe(long value, Map<Long, String> names) {
        List<String> lines = new ArrayList<>();
        names.forEach((bit, name) -> {
            if ((value & bit) != 0) {
                lines.add(name);
            }
        });
        return lines;
    }

    static List<String> describeSection(long characteristics) {
        List<String> lines = describe(characteristics, SECTION_CHARACTERISTICS);
        long alignment = (characteristics >> 20) & 0xF;
        if (alignment != 0 && alignment <= 14) {
            lines.add((1L << (alignment - 1)) + " byte align");
        }
        String access = accessWords(characteristics);
        if (!access.isEmpty()) {
            lines.add(access);
        }
        return lines;
    }

    /** dumpbin folds the three access bits into one line: "Execute Read", "Read Write"... */
    private static String accessWords(long characteristics) {
        boolean execute = (characteristics & Section.MEM_EXECUTE) != 0;
        boolean read = (characteristics & Section.MEM_READ) != 0;
        boolean write = (characteristics & Section.MEM_WRITE) != 0;
        if (read && !execute && !write) {
            return "Read Only";
        }
        List<String> words = new ArrayList<>();
        if (execute) {
            words.add("Execute");
        }
        if (read) {
            words.add("Read");
        }
        if (write) {
            words.add("Write");
        }
        if (execute && !read && !write) {
            return "Execute Only";
        }
        return String.join(" ", words);
    }

    static String subsystem(int subsystem) {
        return switch (subsystem) {
            case 0 -> "Unknown";
            case 1 -> "Native";
            case 2 -> "Windows GUI";
            case 3 -> "Windows CUI";
            case 5 -> "OS/2 CUI";
            case 7 -> "Posix CUI";
            case 8 -> "Native Win9x driver";
            case 9 -> "Windows CE GUI";
            case 10 -> "EFI Application";
            case 11 -> "EFI Boot Service Driver";
            case 12 -> "EFI Runtime Driver";
            case 13 -> "EFI ROM";
            case 14 -> "Xbox";
            case 16 -> "Windows Boot Application";
            default -> "unknown subsystem";
        };
    }

    static Map<Long, String> ordered(Object... pairs) {
        Map<Long, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Long) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }
}
