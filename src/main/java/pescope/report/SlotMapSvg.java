package pescope.report;

import pescope.ce.LoadFailure;
import pescope.ce.PlacedModule;
import pescope.ce.ProcessMap;
import pescope.ce.SlotMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A slot map as a standalone SVG picture: the global DLL map and one column per process, each drawn
 * to scale from the top of the space down, with callout labels, the DLL load line and a legend.
 */
public final class SlotMapSvg {
    private static final int MARGIN = 24;
    private static final int HEADER = 96;
    private static final int COLUMN_HEAD = 44;
    private static final int BAR_HEIGHT = 1024;
    private static final int TICK_WIDTH = 78;
    private static final int BAR_WIDTH = 110;
    private static final int LABEL_WIDTH = 340;
    private static final int COLUMN_WIDTH = TICK_WIDTH + BAR_WIDTH + LABEL_WIDTH;
    private static final int LABEL_SPACING = 14;
    private static final int INSIDE_LABEL_MIN_HEIGHT = 18;
    private static final int FAILURE_LINE = 15;
    private static final int FAILURE_WRAP = 62;
    /** CE 6.0 spaces are far larger than what is used in them: draw at least this much, from the bottom. */
    private static final long CE6_VIEW_MIN = 0x00800000L;

    /** One legend entry: a fill and what it means. */
    private record Key(String fill, String meaning) {}

    private static final List<Key> LEGEND = List.of(
            new Key("url(#rom)", "ROM DLLs"), new Key("#3a6ea5", "RAM DLL in this process"),
            new Key("#cfdcee", "DLL of another process"), new Key("#ffe08a", "gap in the DLL area"), new Key("#2e8b57", "EXE"),
            new Key("#f28c28", "stack"), new Key("#9b5de5", "heap"), new Key("#00a6a6", "VirtualAlloc"),
            new Key("#e63946", "MEM_TOP_DOWN"), new Key("#5c677d", "ROM RW area"), new Key("#ffffff", "free"));

    private static String fillOf(SlotLayout.Kind kind) {
        return switch (kind) {
            case ROM -> "url(#rom)";
            case DLL -> "#3a6ea5";
            case OTHER_DLL -> "#cfdcee";
            case GAP -> "#ffe08a";
            case EXE -> "#2e8b57";
            case STACK -> "#f28c28";
            case HEAP -> "#9b5de5";
            case EXPLICIT -> "#00a6a6";
            case TOP_DOWN -> "#e63946";
            case RW_AREA -> "#5c677d";
            case PRESENT -> "#b5838d";
            case FREE -> "#ffffff";
            case BLOCK_ZERO -> "#444444";
        };
    }

    public String render(SlotMap map) {
        List<SlotLayout> layouts = new ArrayList<>();
        List<ProcessMap> owners = new ArrayList<>();
        layouts.add(SlotLayout.ofGlobal(map));
        owners.add(null);
        for (ProcessMap p : map.processes()) {
            layouts.add(SlotLayout.ofProcess(map, p));
            owners.add(p);
        }
        List<List<String>> failureLines = new ArrayList<>();
        int maxFailureLines = 0;
        for (ProcessMap owner : owners) {
            List<String> lines = owner == null ? List.of() : failureLines(owner.failures());
            failureLines.add(lines);
            maxFailureLines = Math.max(maxFailureLines, lines.size());
        }
        int width = MARGIN * 2 + COLUMN_WIDTH * layouts.size();
        int barTop = MARGIN + HEADER + COLUMN_HEAD;
        int failuresTop = barTop + BAR_HEIGHT + 28;
        int adviceTop = failuresTop + maxFailureLines * FAILURE_LINE + (maxFailureLines > 0 ? 16 : 0);
        List<String> adviceLines = adviceLines(map, Math.max(60, (width - 2 * MARGIN) / 7));
        int legendTop = adviceTop + adviceLines.size() * FAILURE_LINE + (adviceLines.isEmpty() ? 0 : 16);
        int legendRows = legendRows(width);
        int height = legendTop + 36 + legendRows * 22;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"11\">\n", width, height, width, height));
        svg.append("<defs><pattern id=\"rom\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"8\" height=\"8\" fill=\"#8d99ae\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#6c7789\" stroke-width=\"4\"/>"
                + "</pattern></defs>\n");
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#fbfbf8\"/>\n", width, height));
        appendHeader(svg, map);
        for (int i = 0; i < layouts.size(); i++) {
            int x = MARGIN + i * COLUMN_WIDTH;
            appendColumn(svg, map, layouts.get(i), owners.get(i), x, barTop);
            appendFailures(svg, failureLines.get(i), x + TICK_WIDTH, failuresTop);
        }
        appendAdvice(svg, adviceLines, MARGIN, adviceTop);
        appendLegend(svg, legendTop, width);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void appendHeader(StringBuilder svg, SlotMap map) {
        int y = MARGIN + 22;
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"20\" font-weight=\"bold\">Windows CE slot map: %s</text>\n",
                MARGIN, y, xml(map.device())));
        String line;
        if (map.slotPressureApplies()) {
            long failures = map.processes().stream().mapToLong(p -> p.failures().size()).sum();
            line = String.format("CE %s loader model \u00b7 DLL_LOW 0x%08X \u00b7 DLL cost %s \u00b7 ROM area 0x%08X-0x%08X \u00b7 %d process%s \u00b7 %s",
                    SlotMapText.versionName(map.ceVersion()), map.dllLow(), SlotMapText.size(map.dllCost()), map.romLow(),
                    map.romHigh(), map.processes().size(), map.processes().size() == 1 ? "" : "es",
                    failures == 0 ? "every load succeeded" : failures + " failed load" + (failures == 1 ? "" : "s"));
        } else {
            line = map.note();
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#333\">%s</text>\n", MARGIN, y + 24, xml(line)));
        String scale = map.slotPressureApplies()
                ? "Each column is drawn to scale, highest address at the top; one 64 KB block is " + BAR_HEIGHT / 512 + " px."
                : "Each column is drawn to scale, highest address at the top, showing the bottom of its space.";
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#666\">%s Labels on the right point at their band.</text>\n",
                MARGIN, y + 44, scale));
    }

    private void appendColumn(StringBuilder svg, SlotMap map, SlotLayout layout, ProcessMap owner, int x, int barTop) {
        long low = layout.low();
        long viewHigh = viewHigh(map, layout);
        Scale scale = new Scale(low, viewHigh, barTop);
        int barX = x + TICK_WIDTH;

        String title = owner == null ? layout.title() : "process " + layout.title();
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", barX, barTop - 24, xml(title)));
        String sub = owner == null
                ? (map.slotPressureApplies() ? "shared by every process" : "one address per DLL for all processes")
                : String.format("free %s \u00b7 net new %s \u00b7 slack %s", SlotMapText.size(owner.freeBytes()),
                SlotMapText.size(owner.totals().netNewCost()), SlotMapText.size(owner.totals().slackWasted()));
        svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>\n", barX, barTop - 8, xml(sub)));

        appendTicks(svg, scale, barX, map);
        List<Callout> callouts = new ArrayList<>();
        int shade = 0;
        List<SlotLayout.Band> drawOrder = new ArrayList<>(layout.bands());
        drawOrder.sort(Comparator.comparingInt(SlotMapSvg::layer));
        for (SlotLayout.Band band : drawOrder) {
            if (band.end() <= low || band.start() >= viewHigh) {
                continue;
            }
            double top = scale.y(Math.min(band.end(), viewHigh));
            double bottom = scale.y(band.start());
            double h = Math.max(bottom - top, 0.8);
            String fill = fillOf(band.kind());
            if (band.kind() == SlotLayout.Kind.DLL && shade++ % 2 == 1) {
                fill = "#5b8fd0";
            }
            String stroke = band.kind() == SlotLayout.Kind.OTHER_DLL ? " stroke=\"#3a6ea5\" stroke-dasharray=\"3,2\" stroke-width=\"0.8\""
                    : band.kind() == SlotLayout.Kind.FREE ? "" : " stroke=\"#ffffff\" stroke-width=\"0.5\"";
            if (!blockingMark(band).isEmpty()) {
                // KB303444: a reservation that made a later load fail is outlined in the failure colour.
                stroke = " stroke=\"#c00000\" stroke-width=\"2.5\"";
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\"%s><title>%s</title></rect>\n",
                    barX, top, BAR_WIDTH, h, fill, stroke, xml(tooltip(band))));
            appendSlack(svg, scale, band, barX);
            String text = calloutText(band);
            if (text == null) {
                continue;
            }
            if (h >= INSIDE_LABEL_MIN_HEIGHT && insideLabel(band) != null) {
                String color = band.kind() == SlotLayout.Kind.FREE || band.kind() == SlotLayout.Kind.GAP
                        || band.kind() == SlotLayout.Kind.OTHER_DLL ? "#444" : "#ffffff";
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" font-weight=\"bold\">%s</text>\n",
                        barX + BAR_WIDTH / 2, top + h / 2 + 4, color, xml(insideLabel(band))));
                if (band.kind() == SlotLayout.Kind.FREE || band.kind() == SlotLayout.Kind.GAP) {
                    continue;
                }
            }
            callouts.add(new Callout(top + h / 2, text, band.kind()));
        }
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#222\" stroke-width=\"1\"/>\n",
                barX, barTop, BAR_WIDTH, BAR_HEIGHT));
        if (viewHigh < layout.high()) {
            svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"10\" font-style=\"italic\">"
                    + "\u2191 continues, free, up to 0x%08X</text>\n", barX + 4, barTop + 14, layout.high()));
        }
        appendDllLine(svg, map, scale, barX, layout, viewHigh);
        appendCallouts(svg, callouts, barX + BAR_WIDTH, barTop);
    }

    /** Bands of the DLL area go under the process's own reservations, which may overlap them. */
    private static int layer(SlotLayout.Band band) {
        return switch (band.kind()) {
            case ROM, OTHER_DLL, GAP, FREE -> 0;
            default -> 1;
        };
    }

    private static long viewHigh(SlotMap map, SlotLayout layout) {
        if (map.slotPressureApplies()) {
            return layout.high();
        }
        long usedTop = layout.bands().stream().filter(b -> b.kind() != SlotLayout.Kind.FREE && b.kind() != SlotLayout.Kind.GAP)
                .mapToLong(SlotLayout.Band::end).max().orElse(layout.low());
        long want = Math.max(layout.low() + CE6_VIEW_MIN, (usedTop - layout.low()) * 5 / 4 + layout.low());
        long rounded = layout.low() + ((want - layout.low() + 0x3FFFFF) / 0x400000) * 0x400000;
        return Math.min(layout.high(), rounded);
    }

    private static void appendTicks(StringBuilder svg, Scale scale, int barX, SlotMap map) {
        long span = scale.high - scale.low;
        long step = span <= 0x02000000L ? 0x00200000L : Long.highestOneBit(span / 16);
        double dllLineY = map.slotPressureApplies() ? scale.y(map.dllLow()) : -100;
        for (long a = scale.low; a <= scale.high; a += step) {
            double y = scale.y(a);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>\n", barX - 5, y, barX, y));
            if (Math.abs(y - dllLineY) < 12) {
                continue;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#777\" font-size=\"10\">0x%08X</text>\n",
                    barX - 7, y + 3.5, a));
        }
    }

    private static void appendSlack(StringBuilder svg, Scale scale, SlotLayout.Band band, int barX) {
        PlacedModule m = band.module();
        if (m == null || m.slack() <= 0) {
            return;
        }
        double top = scale.y(band.end());
        double bottom = scale.y(band.end() - m.slack());
        if (bottom - top < 0.6) {
            return;
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"#ffffff\" fill-opacity=\"0.45\"/>\n",
                barX, top, BAR_WIDTH, bottom - top));
    }

    private static void appendDllLine(StringBuilder svg, SlotMap map, Scale scale, int barX, SlotLayout layout, long viewHigh) {
        if (!map.slotPressureApplies() || map.dllLow() <= layout.low() || map.dllLow() > viewHigh) {
            return;
        }
        double y = scale.y(map.dllLow());
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d00000\" stroke-width=\"2\" stroke-dasharray=\"6,3\"/>\n",
                barX - TICK_WIDTH + 4, y, barX + BAR_WIDTH + 8, y));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"26\" rx=\"3\" fill=\"#d00000\"/>\n",
                barX - TICK_WIDTH + 2, y - 28, TICK_WIDTH - 6));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#fff\" font-size=\"10\" font-weight=\"bold\">DLL_LOW</text>\n",
                barX - TICK_WIDTH + 6, y - 17));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#fff\" font-size=\"10\">0x%08X</text>\n",
                barX - TICK_WIDTH + 6, y - 5, map.dllLow()));
    }

    /** A label to the right of the bar, pointing at the middle of its band. */
    private record Callout(double target, String text, SlotLayout.Kind kind) {}

    private static void appendCallouts(StringBuilder svg, List<Callout> callouts, int barRight, int barTop) {
        List<Callout> shown = new ArrayList<>(callouts);
        int capacity = BAR_HEIGHT / LABEL_SPACING;
        if (shown.size() > capacity) {
            shown.removeIf(c -> c.kind() == SlotLayout.Kind.GAP || c.kind() == SlotLayout.Kind.FREE);
        }
        if (shown.size() > capacity) {
            shown = shown.subList(0, capacity);
        }
        shown.sort((a, b) -> Double.compare(a.target(), b.target()));
        double[] y = new double[shown.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(shown.get(i).target(), i == 0 ? barTop + 6 : y[i - 1] + LABEL_SPACING);
        }
        double bottom = barTop + BAR_HEIGHT + 10;
        for (int i = y.length - 1; i >= 0; i--) {
            y[i] = Math.min(y[i], i == y.length - 1 ? bottom : y[i + 1] - LABEL_SPACING);
        }
        int labelX = barRight + 44;
        for (int i = 0; i < y.length; i++) {
            Callout c = shown.get(i);
            String color = switch (c.kind()) {
                case OTHER_DLL, GAP, FREE -> "#777";
                default -> "#111";
            };
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%d,%.1f %d,%.1f %d,%.1f\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.8\"/>\n",
                    barRight, c.target(), barRight + 14, c.target(), labelX - 4, y[i] - 4));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>\n", labelX, y[i], color, xml(c.text())));
        }
    }

    private static String calloutText(SlotLayout.Band band) {
        PlacedModule m = band.module();
        return switch (band.kind()) {
            case DLL -> m == null
                    ? String.format("%s  0x%08X  %d blk", band.label(), band.start(), band.blocks())
                    : String.format("%s  0x%08X  %d blk%s  \u2190 %s", m.name(), m.base(), m.blocks(),
                    m.slack() > 0 ? ", slack " + SlotMapText.size(m.slack()) : "", m.loadedBy());
            case OTHER_DLL -> String.format("%s  0x%08X  (other process)", band.label(), band.start());
            case ROM -> String.format("%s  0x%08X", shorten(band.label(), 40), band.start());
            case GAP -> band.blocks() >= 1 ? String.format("gap  %d blk free in the DLL map", band.blocks()) : null;
            case FREE -> band.size() >= 0x100000 ? "free  " + SlotMapText.size(band.size()) : null;
            case EXE -> String.format("EXE %s  0x%08X  %d blk", band.label(), band.start(), band.blocks());
            case STACK, HEAP, EXPLICIT, RW_AREA, PRESENT -> String.format("%s  0x%08X  %s%s", shorten(band.label(), 34), band.start(),
                    SlotMapText.size(band.allocation() == null ? band.size() : band.allocation().size()), blockingMark(band));
            case TOP_DOWN -> String.format("%s  0x%08X%s", shorten(band.label(), 40), band.start(), blockingMark(band));
            case BLOCK_ZERO -> null;
        };
    }

    /** KB303444: the loads this reservation made fail, after its callout. */
    private static String blockingMark(SlotLayout.Band band) {
        if (band.allocation() == null || band.allocation().blocksLoads().isEmpty()) {
            return "";
        }
        return "  \u2716 blocks " + String.join(", ", band.allocation().blocksLoads());
    }

    private static String insideLabel(SlotLayout.Band band) {
        return switch (band.kind()) {
            case ROM -> "ROM DLLs";
            case FREE -> "free " + SlotMapText.size(band.size());
            case GAP -> "gap " + SlotMapText.size(band.size());
            case EXE -> "EXE";
            case STACK -> "stack";
            case HEAP -> "heap";
            case DLL -> band.module() == null ? band.label() : band.module().name();
            default -> null;
        };
    }

    private static String tooltip(SlotLayout.Band band) {
        return String.format("%s 0x%08X-0x%08X (%s, %d blocks)", band.label(), band.start(), band.end(),
                SlotMapText.size(band.size()), band.blocks());
    }

    private static void appendFailures(StringBuilder svg, List<String> lines, int x, int top) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean head = !line.startsWith(" ");
            svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#c00000\"%s>%s</text>\n", x, top + i * FAILURE_LINE,
                    head ? " font-weight=\"bold\"" : "", xml(line.strip())));
        }
    }

    private static List<String> failureLines(List<LoadFailure> failures) {
        List<String> out = new ArrayList<>();
        for (LoadFailure f : failures) {
            out.add("\u2716 " + f.module() + ": error " + f.error());
            String reason = f.reason();
            while (!reason.isEmpty()) {
                int cut = reason.length() <= FAILURE_WRAP ? reason.length() : Math.max(reason.lastIndexOf(' ', FAILURE_WRAP), 20);
                out.add("  " + reason.substring(0, cut).strip());
                reason = reason.substring(cut).strip();
            }
        }
        return out;
    }

    /** "What would help": each KB326163 what-if in one wrapped paragraph, marked by whether it helps. */
    private static List<String> adviceLines(SlotMap map, int wrap) {
        List<String> out = new ArrayList<>();
        if (map.advice().isEmpty()) {
            return out;
        }
        out.add("What would help");
        for (pescope.ce.Advice a : map.advice()) {
            String verdict = SlotMapText.verdict(a, map.hasFailures());
            String mark = verdict.isEmpty() ? "\u2022 " : a.helps() ? "\u2714 " : "\u2718 ";
            String text = mark + a.process() + ", " + SlotMapText.kindName(a.kind()) + verdict + ": " + a.text();
            boolean first = true;
            while (!text.isEmpty()) {
                int cut = text.length() <= wrap ? text.length() : Math.max(text.lastIndexOf(' ', wrap), 20);
                out.add((first ? "" : "    ") + text.substring(0, cut).strip());
                text = text.substring(cut).strip();
                first = false;
            }
        }
        return out;
    }

    private static void appendAdvice(StringBuilder svg, List<String> lines, int x, int top) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String style = i == 0 ? " font-weight=\"bold\" font-size=\"13\""
                    : line.startsWith("\u2714") ? " fill=\"#1b6e3a\"" : line.startsWith("\u2718") ? " fill=\"#8a2b2b\"" : " fill=\"#333\"";
            svg.append(String.format("<text x=\"%d\" y=\"%d\"%s xml:space=\"preserve\">%s</text>\n", x, top + i * FAILURE_LINE, style, xml(line)));
        }
    }

    private static int legendWidth(Key key) {
        return 34 + key.meaning().length() * 7;
    }

    /** Legend rows for this picture width: the keys, then the DLL_LOW line, wrapped. */
    private static int legendRows(int width) {
        int rows = 1;
        int x = MARGIN;
        for (Key key : LEGEND) {
            if (x + legendWidth(key) > width - MARGIN) {
                rows++;
                x = MARGIN;
            }
            x += legendWidth(key);
        }
        return x + 230 > width - MARGIN ? rows + 1 : rows;
    }

    private static void appendLegend(StringBuilder svg, int top, int width) {
        int x = MARGIN;
        for (Key key : LEGEND) {
            if (x + legendWidth(key) > width - MARGIN) {
                x = MARGIN;
                top += 22;
            }
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#555\" stroke-width=\"0.6\"/>\n",
                    x, top, key.fill()));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>\n", x + 19, top + 11, xml(key.meaning())));
            x += legendWidth(key);
        }
        if (x + 230 > width - MARGIN) {
            x = MARGIN;
            top += 22;
        }
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d00000\" stroke-width=\"2\" stroke-dasharray=\"6,3\"/>\n",
                x, top + 7, x + 24, top + 7));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">DLL_LOW, the DLL load line</text>\n", x + 30, top + 11));
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    static String xml(String text) {
        return TerminalText.xml(text);
    }

    /** Maps addresses of one column to y coordinates. */
    private record Scale(long low, long high, int top) {
        double y(long address) {
            return top + (double) (high - address) * BAR_HEIGHT / (high - low);
        }
    }
}
