package pescope.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import pescope.deps.ActivationContext;
import pescope.deps.DependencyGraph;
import pescope.deps.Edge;
import pescope.deps.MissingExport;
import pescope.deps.ModuleNode;
import pescope.deps.SearchStep;
import pescope.pe.Machine;
import pescope.pe.NameDecoding;

/**
 * A dependency graph as one JSON object. Modules are named by their file name (unique in a graph:
 * the loader knows a module by name); field names are a public contract, as in {@link DumpJson}.
 */
public final class DepsJson {

    private final ObjectMapper mapper;

    public DepsJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode render(DependencyGraph graph) {
        ObjectNode json = mapper.createObjectNode();
        json.put("root", graph.root().name());
        json.put("preset", graph.searchPath().preset());
        json.put("wrongMachine", graph.searchPath().wrongMachine().code());
        ArrayNode steps = json.putArray("searchPath");
        for (SearchStep step : graph.searchPath().steps()) {
            steps.addObject().put("name", step.name()).put("where", step.describe());
        }
        graph.apiSets().ifPresent(apiSets -> json.putObject("apiSetSchema")
                .put("version", apiSets.schema().version())
                .put("contracts", apiSets.schema().contracts().size()));
        graph.activationContext().ifPresent(context -> {
            ObjectNode activation = json.putObject("activationContext");
            activation.put("manifest", context.manifest());
            ArrayNode assemblies = activation.putArray("assemblies");
            for (ActivationContext.Assembly assembly : context.assemblies()) {
                ObjectNode a = assemblies.addObject();
                a.put("identity", assembly.identity().toString());
                a.put("foundBy", assembly.foundBy());
                a.put("manifest", assembly.manifest() == null ? null : assembly.manifest().toString());
                ObjectNode files = a.putObject("files");
                assembly.files().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(f -> files.put(f.getKey(), f.getValue().toString()));
            }
        });
        ArrayNode modules = json.putArray("modules");
        for (ModuleNode m : graph.modules()) {
            ObjectNode module = modules.addObject();
            module.put("name", m.name());
            module.put("path", m.path() == null ? null : NameDecoding.ofPath(m.path()));
            if (m.machine() != 0) {
                module.put("machine", m.machine());
                module.put("machineName", Machine.describe(m.machine()));
            } else {
                module.putNull("machine");
            }
            module.put("status", m.status().code());
            module.put("foundBy", m.foundBy());
            module.put("delayLoadOnly", !graph.loadsImplicitly(m));
            if (m.problem() != null) {
                module.put("problem", m.problem());
            }
            if (m.skipped() != null) {
                module.put("skipped", NameDecoding.ofPath(m.skipped()));
            }
            if (m.laterMatch() != null) {
                module.put("laterMatch", NameDecoding.ofPath(m.laterMatch()));
            }
            if (!m.anomalies().isEmpty()) {
                ArrayNode anomalies = module.putArray("anomalies");
                m.anomalies().forEach(a -> anomalies.addObject().put("kind", a.kind().name()).put("message", a.message()));
            }
        }
        ArrayNode edges = json.putArray("edges");
        for (Edge e : graph.edges()) {
            ObjectNode edge = edges.addObject().put("from", e.from().name()).put("to", e.to().name());
            switch (e.kind()) {
                case APISET, DELAY_APISET -> edge.put("kind", "apiset").put("contract", e.contract())
                        .put("delay", e.kind() == Edge.Kind.DELAY_APISET);
                case FORWARD -> {
                    edge.put("kind", e.kind().code());
                    if (e.contract() != null) {
                        edge.put("contract", e.contract());
                    }
                }
                default -> edge.put("kind", e.kind().code());
            }
        }
        ArrayNode missing = json.putArray("missingExports");
        for (MissingExport m : graph.missingExports()) {
            missing.addObject()
                    .put("importer", m.importer().name())
                    .put("dll", m.dll())
                    .put("symbol", m.symbol())
                    .put("reason", m.reason().code())
                    .put("detail", m.detail())
                    .put("delayLoad", m.delayLoad());
        }
        ArrayNode cycles = json.putArray("cycles");
        for (List<ModuleNode> cycle : graph.cycles()) {
            ArrayNode members = cycles.addArray();
            cycle.forEach(m -> members.add(m.name()));
        }
        ArrayNode initOrder = json.putArray("initOrder");
        graph.initOrder().forEach(step -> initOrder.add(step.module().name()));
        json.put("truncated", graph.truncated());
        json.put("resolves", graph.resolvesCompletely());
        return json;
    }
}
