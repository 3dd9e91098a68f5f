package pescope.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import pescope.deps.DependencyGraph;
import pescope.deps.Edge;
import pescope.deps.ModuleNode;
import pescope.pe.Machine;

/**
 * A dependency graph as an indented tree. Each module's imports are shown once, under its first
 * appearance; later appearances say "(see above)", and an edge back to a module still being shown
 * says "[cycle]". The problems, cycles and initialisation order follow the tree.
 */
public final class DepsTree {

    private static final String INDENT = "  ";
    /**
     * Levels indented; deeper lines stay at this indentation and say their depth, so that a
     * 10,000-deep chain prints in megabytes, not the hundreds its indentation would take.
     */
    public static final int MAX_INDENT_LEVELS = 64;
    private static final String NL = "\n";

    public String render(DependencyGraph graph) {
        StringBuilder out = new StringBuilder();
        ModuleNode root = graph.root();
        out.append(TerminalText.escape(root.name())).append(" (").append(Machine.describe(root.machine())).append(')').append(NL);
        appendChildren(out, graph);
        ProblemText.appendSummary(out, graph);
        appendInitOrder(out, graph.initOrder());
        return out.toString();
    }

    private record Frame(ModuleNode module, int depth, int[] next) {}

    /** Depth first without recursion, so that a 10,000-module chain prints. */
    private static void appendChildren(StringBuilder out, DependencyGraph graph) {
        int count = graph.modules().size();
        boolean[] shown = new boolean[count];
        boolean[] onPath = new boolean[count];
        Deque<Frame> stack = new ArrayDeque<>();
        ModuleNode root = graph.root();
        shown[root.id()] = onPath[root.id()] = true;
        stack.push(new Frame(root, 0, new int[1]));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            List<Edge> edges = graph.edgesFrom(frame.module());
            if (frame.next()[0] == edges.size()) {
                stack.pop();
                onPath[frame.module().id()] = false;
                continue;
            }
            Edge edge = edges.get(frame.next()[0]++);
            ModuleNode child = edge.to();
            out.append(indent(frame.depth() + 1));
            if (edge.contract() != null) {
                out.append(TerminalText.escape(edge.contract())).append(" → ");
            }
            out.append(TerminalText.escape(child.name())).append(kindMarker(edge));
            if (onPath[child.id()]) {
                out.append(" [cycle]");
            } else if (shown[child.id()] && child.isFound()) {
                out.append(" (see above)");
            } else {
                out.append(ProblemText.marker(child));
                if (child.isFound() && !child.expanded()) {
                    out.append(" (not expanded: depth limit)");
                }
                if (!shown[child.id()] && !graph.edgesFrom(child).isEmpty()) {
                    onPath[child.id()] = true;
                    stack.push(new Frame(child, frame.depth() + 1, new int[1]));
                }
                shown[child.id()] = true;
            }
            out.append(NL);
        }
    }

    private static String indent(int depth) {
        return depth <= MAX_INDENT_LEVELS ? INDENT.repeat(depth) : INDENT.repeat(MAX_INDENT_LEVELS) + "[depth " + depth + "] ";
    }

    private static String kindMarker(Edge edge) {
        return switch (edge.kind()) {
            case IMPORT -> "";
            case APISET -> " (apiset)";
            case DELAY -> " (delay)";
            case DELAY_APISET -> " (delay, apiset)";
            case FORWARD -> edge.contract() == null ? " (forward)" : " (forward, apiset)";
        };
    }

    private static void appendInitOrder(StringBuilder out, List<DependencyGraph.InitStep> order) {
        if (order.isEmpty()) {
            return;
        }
        out.append(NL).append("Initialisation order (dependencies first):").append(NL);
        int width = String.valueOf(order.size()).length();
        for (int i = 0; i < order.size(); i++) {
            DependencyGraph.InitStep step = order.get(i);
            out.append(String.format("  %" + width + "d. %s", i + 1, TerminalText.escape(step.module().name())));
            if (step.orderDependsOnCycleEntry()) {
                out.append("  (in a cycle: order depends on where the cycle is entered)");
            }
            out.append(NL);
        }
    }
}
