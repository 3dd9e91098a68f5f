package pescope.report;

import pescope.ce.Advice;
import pescope.ce.Allocation;
import pescope.ce.Outcome;
import pescope.ce.GlobalEntry;
import pescope.ce.LoadFailure;
import pescope.ce.PlacedModule;
import pescope.ce.ProcessMap;
import pescope.ce.ProcessTotals;
import pescope.ce.SlotMap;

import java.util.List;
import java.util.Locale;

/** A slot map as text: each process's memory map from the top of its slot down, then totals, failures and advice. */
public final class SlotMapText {
    private final boolean comparison;

    public SlotMapText() {
        this(false);
    }

    private SlotMapText(boolean comparison) {
        this.comparison = comparison;
    }

    /** Also print the scenario as given and each what-if side by side (slot --compare). */
    public SlotMapText withComparison(boolean value) {
        return new SlotMapText(value);
    }

    public String render(SlotMap map) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Slot map for %s, Windows CE %s loader model\n", TerminalText.escape(map.device()), versionName(map.ceVersion())));
        if (map.slotPressureApplies()) {
            out.append(String.format("ROM DLL area 0x%08X-0x%08X   DLL_LOW 0x%08X   DLL cost %s (DLL_LOW up to the ROM area)\n",
                    map.romLow(), map.romHigh(), map.dllLow(), size(map.dllCost())));
            appendGlobalMap(out, map);
        } else {
            out.append(TerminalText.escape(map.note())).append("\n");
            out.append("\n");
            appendLayout(out, SlotLayout.ofGlobal(map), map);
        }
        for (ProcessMap process : map.processes()) {
            out.append("\n");
            out.append("Process ").append(TerminalText.escape(process.root())).append("\n");
            appendLayout(out, SlotLayout.ofProcess(map, process), map);
            appendTotals(out, map, process);
            appendFailures(out, process.failures());
        }
        appendAdvice(out, map.advice(), map.hasFailures());
        if (comparison) {
            appendComparison(out, map);
        }
        return out.toString();
    }

    private static void appendGlobalMap(StringBuilder out, SlotMap map) {
        out.append("\n").append("Global DLL map (one base per DLL in every process)").append("\n");
        for (GlobalEntry e : map.globalMap()) {
            out.append(String.format("  0x%08X-0x%08X %6d blocks  %-6s %s\n", e.base(), e.end(), e.blocks(),
                    e.origin() == GlobalEntry.Origin.ROM ? "ROM" : e.origin() == GlobalEntry.Origin.RAM ? "RAM" : "LOADED", TerminalText.escape(e.module())));
        }
    }

    private static void appendLayout(StringBuilder out, SlotLayout layout, SlotMap map) {
        out.append(String.format("  %-23s %10s %6s %9s  %s\n", "range", "size", "blocks", "slack", "what"));
        boolean lineDrawn = !map.slotPressureApplies();
        for (SlotLayout.Band band : layout.bands()) {
            if (!lineDrawn && band.end() <= map.dllLow()) {
                out.append(String.format("  %s DLL_LOW 0x%08X %s\n", "-".repeat(20), map.dllLow(), "-".repeat(20)));
                lineDrawn = true;
            }
            PlacedModule m = band.module();
            out.append(String.format("  0x%08X-0x%08X %10s %6d %9s  %s\n", band.start(), band.end(), size(band.size()),
                    band.blocks(), m == null || m.slack() == 0 ? "" : size(m.slack()), TerminalText.escape(describe(band))));
        }
    }

    private static String describe(SlotLayout.Band band) {
        PlacedModule m = band.module();
        return switch (band.kind()) {
            case DLL -> m == null ? band.label() : String.format("%s  RAM DLL, SizeOfImage 0x%X%s, loaded by %s%s%s",
                    m.name(), m.sizeOfImage(), kbFigure(m), m.loadedBy(), m.reused() ? ", already loaded by another process" : "",
                    m.path() == null ? "" : "  " + m.path());
            case OTHER_DLL -> band.label() + "  (held by another process; the blocks are taken in this slot too)";
            case GAP -> "gap: free in the global DLL map";
            case FREE -> "free";
            case ROM -> band.label();
            case EXE -> "EXE " + band.label();
            case STACK, HEAP, EXPLICIT, RW_AREA -> band.label() + blocking(band.allocation());
            case TOP_DOWN -> band.label() + blocking(band.allocation());
            case PRESENT -> band.label() + " (given by the device profile)" + blocking(band.allocation());
            case BLOCK_ZERO -> band.label();
        };
    }

    /** KB303444: the later loads whose range met this reservation. */
    static String blocking(Allocation allocation) {
        if (allocation == null || allocation.blocksLoads().isEmpty()) {
            return "";
        }
        return "  <- makes " + String.join(", ", allocation.blocksLoads()) + " fail (error 14)";
    }

    private static String kbFigure(PlacedModule m) {
        if (m.kbSectionSum() == 0) {
            return "";
        }
        return String.format(" (KB326163 sections + 4 KB: 0x%X%s)", m.kbSectionSum(), m.kbSumDiffers() ? ", differs by more than a page" : "");
    }

    private static void appendTotals(StringBuilder out, SlotMap map, ProcessMap process) {
        ProcessTotals t = process.totals();
        out.append("  Totals").append("\n");
        if (map.slotPressureApplies()) {
            out.append(String.format("    DLL_LOW after start-up  0x%08X\n", t.dllLowAfterStart()));
            out.append(String.format("    DLL cost                %s (from DLL_LOW up to the ROM area, gaps included)\n", size(t.dllCost())));
        }
        out.append(String.format("    net new cost            %s (blocks this process newly reserved)\n", size(t.netNewCost())));
        out.append(String.format("    64 KB slack wasted      %s\n", size(t.slackWasted())));
        out.append(String.format("    SizeOfImage, RAM DLLs   %s; KB326163 sections + 4 KB: %s%s\n", size(t.sizeOfImageSum()),
                t.kbSectionSum() == 0 ? "unknown" : size(t.kbSectionSum()), t.kbSumDiffers() ? " (some DLL differs by more than a page)" : ""));
        out.append(String.format("    free for the process    %s\n", size(process.freeBytes())));
    }

    private static void appendFailures(StringBuilder out, List<LoadFailure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        out.append("  Failures").append("\n");
        for (LoadFailure f : failures) {
            out.append(String.format("    %s: error %d, %s\n", TerminalText.escape(f.module()), f.error(), TerminalText.escape(f.reason())));
        }
    }

    private static void appendAdvice(StringBuilder out, List<Advice> advice, boolean anyFailure) {
        if (advice.isEmpty()) {
            return;
        }
        out.append("\n").append("What would help").append("\n");
        for (Advice a : advice) {
            out.append("  ").append(TerminalText.escape(a.process())).append(", ").append(kindName(a.kind()));
            out.append(verdict(a, anyFailure)).append(": ").append(TerminalText.escape(a.text())).append("\n");
        }
    }

    /** Whether a what-if helps; when nothing fails there is nothing for it to help with. */
    static String verdict(Advice a, boolean anyFailure) {
        if (!a.isWhatIf() || !anyFailure) {
            return "";
        }
        return a.helps() ? " (helps)" : " (does not help)";
    }

    /** KB326163's workarounds by the words the KB uses. */
    static String kindName(Advice.Kind kind) {
        return switch (kind) {
            case TOP_DOWN -> "without MEM_TOP_DOWN";
            case MERGE_SMALL_DLLS -> "merge small DLLs";
            case SPLIT_PROCESS -> "split into two processes";
            case LOAD_ESSENTIALS_FIRST -> "load essential DLLs first";
            case LESS_HEAP -> "less heap";
            case DELAY_LOAD_COST -> "delay-loaded DLL";
        };
    }

    /** slot --compare: the scenario as given and each what-if, one row each. */
    private static void appendComparison(StringBuilder out, SlotMap map) {
        List<Outcome> rows = new java.util.ArrayList<>();
        rows.add(Outcome.of("as given", map));
        map.advice().forEach(a -> rows.addAll(a.outcomes()));
        int width = Math.max(8, rows.stream().mapToInt(o -> TerminalText.escape(o.scenario()).length()).max().orElse(8));
        out.append("\n").append("Side by side").append("\n");
        out.append(String.format("  %-" + width + "s  %-10s  %6s  %s\n", "scenario", "DLL_LOW", "failed", "free for each process"));
        for (Outcome o : rows) {
            StringBuilder free = new StringBuilder();
            for (Outcome.ProcessOutcome p : o.processes()) {
                free.append(free.length() == 0 ? "" : ", ").append(TerminalText.escape(p.process())).append(' ').append(size(p.freeBytes()));
            }
            out.append(String.format("  %-" + width + "s  0x%08X  %6d  %s\n", TerminalText.escape(o.scenario()), o.dllLow(), o.failures(), free));
        }
    }

    static String versionName(int model) {
        return switch (model) {
            case 3 -> "2.x/3.0";
            case 5 -> "4.x/5.0";
            default -> "6.0";
        };
    }

    /** Bytes as KB or MB, exact when it can be. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
