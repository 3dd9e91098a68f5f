package pescope.report;

import pescope.deps.DependencyGraph;
import pescope.deps.Edge;
import pescope.deps.ModuleNode;

/** A dependency graph for Graphviz: problems in red, delay edges dashed, forward edges dotted. */
public final class DepsDot {

    private static final String NL = "\n";

    public String render(DependencyGraph graph) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(id(graph.root())).append(" {").append(NL);
        out.append("  node [shape=box, fontname=\"Helvetica\"];").append(NL);
        for (ModuleNode module : graph.modules()) {
            out.append("  ").append(id(module));
            String foundBy = module.foundBy() == null ? "" : "\n" + TerminalText.escape(module.foundBy());
            if (!module.isFound()) {
                String status = module.status().code().replace('-', ' ');
                String color = module.status() == ModuleNode.Status.ABSENT && !graph.loadsImplicitly(module) ? "gray" : "red";
                out.append(" [color=").append(color).append(", fontcolor=").append(color).append(", label=")
                        .append(quote(TerminalText.escape(module.name()) + "\n" + status + foundBy)).append(']');
            } else if (module.skipped() != null) {
                out.append(" [color=red, label=").append(quote(TerminalText.escape(module.name()) + "\nwrong machine skipped" + foundBy)).append(']');
            } else {
                out.append(" [label=").append(quote(TerminalText.escape(module.name()) + foundBy));
                out.append(graph.inCycle(module) ? ", color=orange]" : "]");
            }
            out.append(';').append(NL);
        }
        for (Edge edge : graph.edges()) {
            out.append("  ").append(id(edge.from())).append(" -> ").append(id(edge.to()));
            switch (edge.kind()) {
                case IMPORT -> { }
                case APISET -> out.append(" [color=blue, label=").append(quote(TerminalText.escape(edge.contract()))).append(']');
                case DELAY -> out.append(" [style=dashed]");
                case DELAY_APISET -> out.append(" [style=dashed, color=blue, label=").append(quote(TerminalText.escape(edge.contract()))).append(']');
                case FORWARD -> out.append(" [style=dotted, label=")
                        .append(quote(edge.contract() == null ? "forward" : "forward " + TerminalText.escape(edge.contract()))).append(']');
            }
            out.append(';').append(NL);
        }
        out.append('}').append(NL);
        return out.toString();
    }

    /** A module's node: its name escaped as in text (no control character reaches a DOT file), then quoted. */
    private static String id(ModuleNode module) {
        return quote(TerminalText.escape(module.name()));
    }

    /** A DOT string: quotes and backslashes escaped, a newline as DOT's centred line break. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
