package pescope.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pescope.deps.PInvokeCheck;
import pescope.deps.PInvokeCheck.Binding;
import pescope.deps.PInvokeCheck.Match;
import pescope.deps.PInvokeCheck.Reason;
import pescope.deps.PInvokeCheck.Target;

/**
 * The P/Invoke part of a deps report, in text, JSON and DOT: the native modules an assembly
 * names (edges of kind "pinvoke") and the P/Invokes that would fail at their first call.
 */
public final class PInvokeRenderers {

    private static final String NL = System.lineSeparator();

    private PInvokeRenderers() {}

    public static String text(PInvokeCheck check) {
        StringBuilder out = new StringBuilder();
        out.append(NL).append("P/Invoke (bound at the first call, not at load): ").append(check.bindings().size())
                .append(" entry points in ").append(check.targets().size()).append(" modules").append(NL);
        for (Target t : check.targets()) {
            out.append("  ").append(ClrText.escape(t.module())).append("  ");
            if (t.isFound()) {
                out.append(pescope.pe.NameDecoding.ofPath(t.file())).append(" (").append(t.foundBy()).append(')');
            } else if (t.file() != null) {
                out.append("UNREADABLE ").append(pescope.pe.NameDecoding.ofPath(t.file())).append(": ").append(TerminalText.escape(t.problem()));
            } else {
                out.append("NOT FOUND (tried ").append(String.join(", ", t.tried())).append(')')
                        .append(t.nonWindows() ? " [not a Windows module]" : "");
            }
            out.append(NL);
        }
        if (!check.problems().isEmpty()) {
            out.append(NL).append("P/Invokes that fail at their first call:").append(NL);
            for (Binding b : check.problems()) {
                out.append("  ").append(ClrText.escape(check.assembly())).append(" → ")
                        .append(ClrText.escape(b.pinvoke().module())).append('!').append(ClrText.escape(b.pinvoke().entryPoint()))
                        .append(": ").append(b.reason() == Reason.MODULE_NOT_FOUND ? "module not found" : "entry point not found")
                        .append(" (tried ").append(ClrText.escape(String.join(", ", b.reason() == Reason.MODULE_NOT_FOUND
                                ? b.target().tried() : b.tried()))).append(')')
                        .append(b.target().nonWindows() ? " [not a Windows module]" : "").append(NL);
            }
        }
        out.append(NL).append(summary(check)).append(NL);
        return out.toString();
    }

    /** One line of counts: how each entry point bound, and how many fail. */
    public static String summary(PInvokeCheck check) {
        return String.format("P/Invoke summary: %d bound exactly, %d through the A/W suffix, %d by x86 stdcall "
                + "decoration, %d by ordinal; %d module not found (%d of them not Windows modules), "
                + "%d entry point not found",
                check.count(Match.EXACT), check.count(Match.SUFFIXED), check.count(Match.DECORATED),
                check.count(Match.ORDINAL),
                check.count(Reason.MODULE_NOT_FOUND, false) + check.count(Reason.MODULE_NOT_FOUND, true),
                check.count(Reason.MODULE_NOT_FOUND, true),
                check.count(Reason.ENTRY_POINT_NOT_FOUND, false) + check.count(Reason.ENTRY_POINT_NOT_FOUND, true));
    }

    /** Adds "pinvoke" edges to the graph's edges, and pinvokeTargets, pinvokeProblems and pinvokeSummary. */
    public static void json(ObjectNode json, PInvokeCheck check) {
        ArrayNode edges = json.has("edges") ? (ArrayNode) json.get("edges") : json.putArray("edges");
        // Two ModuleRefs ("clrnative", "clrnative.dll") can find one file: one edge to it.
        check.targets().stream().map(Target::name).distinct()
                .forEach(to -> edges.addObject().put("from", check.assembly()).put("to", to).put("kind", "pinvoke"));
        ArrayNode targets = json.putArray("pinvokeTargets");
        for (Target t : check.targets()) {
            ObjectNode target = targets.addObject();
            target.put("module", t.module());
            target.put("path", t.file() == null ? null : t.file().toString());
            target.put("status", t.isFound() ? "found" : t.file() == null ? "missing" : "unreadable");
            target.put("foundBy", t.foundBy());
            target.put("nonWindows", t.nonWindows());
            ArrayNode tried = target.putArray("tried");
            t.tried().forEach(tried::add);
        }
        ArrayNode problems = json.putArray("pinvokeProblems");
        for (Binding b : check.problems()) {
            ObjectNode problem = problems.addObject();
            problem.put("from", check.assembly());
            problem.put("module", b.pinvoke().module());
            problem.put("entryPoint", b.pinvoke().entryPoint());
            problem.put("method", b.pinvoke().method());
            problem.put("reason", b.reason().code());
            problem.put("nonWindows", b.target().nonWindows());
            ArrayNode tried = problem.putArray("tried");
            (b.reason() == Reason.MODULE_NOT_FOUND ? b.target().tried() : b.tried()).forEach(tried::add);
        }
        ObjectNode summary = json.putObject("pinvokeSummary");
        summary.put("entryPoints", check.bindings().size());
        for (Match match : Match.values()) {
            summary.put(match.code(), check.count(match));
        }
        summary.put("moduleNotFound", check.count(Reason.MODULE_NOT_FOUND, false) + check.count(Reason.MODULE_NOT_FOUND, true));
        summary.put("moduleNotFoundNonWindows", check.count(Reason.MODULE_NOT_FOUND, true));
        summary.put("entryPointNotFound", check.count(Reason.ENTRY_POINT_NOT_FOUND, false)
                + check.count(Reason.ENTRY_POINT_NOT_FOUND, true));
    }

    /** DOT lines to put before the graph's closing brace: a bold blue edge to each native module, red when it fails. */
    public static String dot(PInvokeCheck check) {
        StringBuilder out = new StringBuilder();
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (Target t : check.targets()) {
            if (!drawn.add(t.name())) {
                continue;
            }
            long failing = check.problems().stream().filter(b -> b.target().name().equals(t.name())).count();
            if (!t.isFound()) {
                out.append("  ").append(DepsDot.quote(TerminalText.escape(t.name()))).append(" [color=red, fontcolor=red, label=")
                        .append(DepsDot.quote(TerminalText.escape(t.name()) + "\nnot found (P/Invoke)")).append("];").append(NL);
            }
            out.append("  ").append(DepsDot.quote(TerminalText.escape(check.assembly()))).append(" -> ").append(DepsDot.quote(TerminalText.escape(t.name())))
                    .append(" [style=bold, color=").append(failing > 0 ? "red" : "blue").append(", label=")
                    .append(DepsDot.quote(TerminalText.escape(failing > 0 ? "pinvoke, " + failing + " failing" : "pinvoke"))).append("];").append(NL);
        }
        return out.toString();
    }
}
