package pescope.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import pescope.deps.AssemblyRefChecker.Result;
import pescope.deps.AssemblyRefChecker.Status;

/** The managed side of a deps report: the assemblies an assembly references, in text, JSON and DOT. */
public final class AssemblyRefRenderers {

    private static final String NL = System.lineSeparator();

    private AssemblyRefRenderers() {}

    public static String text(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(NL).append("Assembly references (loaded by the runtime, not the OS loader): ").append(results.size()).append(NL);
        for (Result r : results) {
            out.append("  ").append(ClrText.escape(r.reference().displayName())).append(NL).append("      ");
            switch (r.status()) {
                case FOUND -> out.append(pescope.pe.NameDecoding.ofPath(r.file())).append(" (").append(r.foundBy()).append(')');
                case MISSING -> out.append("NOT FOUND");
                case VERSION_DIFFERS -> out.append(pescope.pe.NameDecoding.ofPath(r.file())).append(" (").append(r.foundBy()).append(") has version ")
                        .append(ClrText.escape(r.foundVersion()));
                case NOT_AN_ASSEMBLY -> out.append(pescope.pe.NameDecoding.ofPath(r.file())).append(" is not a .NET assembly");
            }
            out.append(NL);
        }
        return out.toString();
    }

    public static void json(ObjectNode json, String from, List<Result> results) {
        ArrayNode edges = json.has("edges") ? (ArrayNode) json.get("edges") : json.putArray("edges");
        ArrayNode refs = json.putArray("assemblyRefs");
        for (Result r : results) {
            String to = r.file() != null ? r.file().getFileName().toString() : r.reference().name();
            edges.addObject().put("from", from).put("to", to).put("kind", "assemblyref");
            ObjectNode ref = refs.addObject();
            ref.put("name", r.reference().name());
            ref.put("version", r.reference().version());
            ref.put("culture", r.reference().culture());
            ref.put("publicKeyToken", r.reference().publicKeyToken());
            ref.put("status", r.status().code());
            ref.put("path", r.file() == null ? null : r.file().toString());
            ref.put("foundBy", r.foundBy());
            ref.put("foundVersion", r.foundVersion());
        }
    }

    public static String dot(String from, List<Result> results) {
        StringBuilder out = new StringBuilder();
        for (Result r : results) {
            String to = r.file() != null ? r.file().getFileName().toString() : r.reference().name();
            if (r.status() != Status.FOUND) {
                out.append("  ").append(DepsDot.quote(TerminalText.escape(to))).append(" [color=red, fontcolor=red, label=")
                        .append(DepsDot.quote(TerminalText.escape(to) + "\n" + r.status().code())).append("];").append(NL);
            }
            out.append("  ").append(DepsDot.quote(TerminalText.escape(from))).append(" -> ").append(DepsDot.quote(TerminalText.escape(to)))
                    .append(" [style=dashed, color=darkgreen, label=\"assemblyref\"];").append(NL);
        }
        return out.toString();
    }
}
