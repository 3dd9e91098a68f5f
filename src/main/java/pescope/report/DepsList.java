package pescope.report;

import java.util.List;
import java.util.Objects;
import pescope.deps.DependencyGraph;
import pescope.deps.ModuleNode;
import pescope.pe.NameDecoding;

/**
 * A dependency graph as a flat list: each module once, in discovery order, with the file it
 * resolved to and the search step that found it; then the problems. {@link #missing} gives only
 * the names that were not found, one per line, for scripts.
 */
public final class DepsList {

    private static final int MAX_NAME_COLUMN = 40;
    private static final String NL = "\n";

    public String render(DependencyGraph graph) {
        List<ModuleNode> modules = graph.modules();
        int nameWidth = Math.min(MAX_NAME_COLUMN, modules.stream().mapToInt(m -> TerminalText.escape(m.name()).length()).max().orElse(0));
        int pathWidth = Math.min(2 * MAX_NAME_COLUMN,
                modules.stream().mapToInt(m -> where(m).length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        for (ModuleNode module : modules) {
            String notes = (Objects.requireNonNullElse(module.foundBy(), "") + ProblemText.marker(module)
                    + (graph.loadsImplicitly(module) ? "" : " (delay-load only)")).strip();
            String line = String.format("%-" + nameWidth + "s  %-" + pathWidth + "s  %s", TerminalText.escape(module.name()), where(module), notes);
            out.append(line.stripTrailing()).append(NL);
        }
        ProblemText.appendSummary(out, graph);
        return out.toString();
    }

    /**
     * The names of modules not found on the search path, one per line, and of API set contracts
     * with no host that a static import needs (a delay-loaded one is optional).
     */
    public String missing(DependencyGraph graph) {
        StringBuilder out = new StringBuilder();
        for (ModuleNode module : graph.modules()) {
            if (module.status() == ModuleNode.Status.MISSING
                    || module.status() == ModuleNode.Status.ABSENT && graph.loadsImplicitly(module)) {
                out.append(TerminalText.escape(module.name())).append(NL);
            }
        }
        return out.toString();
    }

    private static String where(ModuleNode module) {
        return module.path() != null ? TerminalText.escape(NameDecoding.ofPath(module.path())) : "-";
    }
}
