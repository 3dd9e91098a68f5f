package pescope.report;

import java.util.ArrayList;
import java.util.List;
import pescope.deps.DependencyGraph;
import pescope.deps.Edge;
import pescope.deps.MissingExport;
import pescope.deps.ModuleNode;
import pescope.pe.NameDecoding;

/** The problems of a dependency graph as lines for people, load-time and delay-load apart. */
final class ProblemText {
    private ProblemText() {}

    /** Problems when the root loads ({@code delayLoad} false) or at a later delay load (true). */
    static List<String> lines(DependencyGraph graph, boolean delayLoad) {
        List<String> lines = new ArrayList<>();
        for (ModuleNode module : graph.modules()) {
            if (!module.isClean() && (graph.loadsImplicitly(module) || module.id() == 0) != delayLoad) {
                lines.add(TerminalText.escape(describe(graph, module)));
            }
        }
        for (MissingExport missing : graph.missingExports()) {
            if (missing.delayLoad() == delayLoad) {
                lines.add(TerminalText.escape(describe(missing)));
            }
        }
        return lines;
    }

    static String describe(DependencyGraph graph, ModuleNode module) {
        return switch (module.status()) {
            case MISSING -> "missing: " + module.name() + ", imported by " + importers(graph, module);
            case WRONG_MACHINE -> "wrong machine: " + module.name() + ": " + module.problem()
                    + (module.laterMatch() == null ? "" : ", before " + NameDecoding.ofPath(module.laterMatch()));
            case UNREADABLE -> "unreadable: " + module.name() + ": " + NameDecoding.ofPath(module.path()) + ": " + module.problem();
            case DAMAGED -> "damaged: " + module.name() + ": " + NameDecoding.ofPath(module.path()) + ": "
                    + String.join("; ", module.anomalies().stream().map(a -> a.message()).toList());
            case ABSENT -> "absent API set: " + module.name() + ", imported by " + importers(graph, module)
                    + (graph.loadsImplicitly(module) ? ": the schema lists no host, so the load fails"
                            : ": the schema lists no host; a program that delay-loads it must check before calling");
            case FOUND -> "wrong machine skipped: " + module.name() + ": " + module.problem() + "; took " + NameDecoding.ofPath(module.path());
        };
    }

    static String describe(pescope.deps.ActivationContext.Assembly assembly) {
        if (!assembly.isFound()) {
            return assembly.identity() + ": not found (the process does not start: side-by-side configuration is incorrect)";
        }
        List<String> files = assembly.files().keySet().stream().sorted().toList();
        return assembly.identity() + ": " + assembly.foundBy() + " " + assembly.manifest()
                + (files.isEmpty() ? "" : ", redirects " + String.join(", ", files));
    }

    static String describe(MissingExport missing) {
        String line = "missing export: " + missing.describe("→");
        if (missing.reason() == MissingExport.Reason.NOT_EXPORTED) {
            return line;
        }
        return line + " (" + missing.reason().words() + (missing.detail().isEmpty() ? "" : ": " + missing.detail()) + ")";
    }

    private static String importers(DependencyGraph graph, ModuleNode module) {
        return String.join(", ", graph.edgesTo(module).stream().map(Edge::from).map(ModuleNode::name).distinct().toList());
    }

    /** "[missing]", "[wrong machine]", "[unreadable]", "[wrong machine skipped]", or nothing. */
    static String marker(ModuleNode module) {
        return switch (module.status()) {
            case FOUND -> module.skipped() == null ? "" : " [wrong machine skipped]";
            case MISSING -> " [missing]";
            case WRONG_MACHINE -> " [wrong machine]";
            case UNREADABLE -> " [unreadable]";
            case DAMAGED -> " [damaged]";
            case ABSENT -> " [absent API set]";
        };
    }

    /** The closing lines every text format shares: problems, cycles, a truncation warning. */
    static void appendSummary(StringBuilder out, DependencyGraph graph) {
        graph.activationContext().ifPresent(context -> section(out, "Activation context (" + TerminalText.escape(context.manifest()) + "):",
                context.assemblies().stream().map(a -> TerminalText.escape(describe(a))).toList()));
        section(out, "Problems at load time:", lines(graph, false));
        section(out, "Problems at delay-load time (on the first call into the module):", lines(graph, true));
        section(out, "Cycles (initialisation order depends on where the cycle is entered):",
                graph.cycles().stream().map(c -> TerminalText.escape(String.join(", ", c.stream().map(ModuleNode::name).toList()))).toList());
        if (graph.truncated()) {
            out.append(String.format("\nStopped after %d modules: the graph is incomplete.\n", graph.modules().size()));
        }
    }

    static void section(StringBuilder out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        lines.forEach(line -> out.append("  ").append(line).append('\n'));
    }
}
