package pescope.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pescope.ce.Advice;
import pescope.ce.Allocation;
import pescope.ce.GlobalEntry;
import pescope.ce.LoadFailure;
import pescope.ce.Outcome;
import pescope.ce.PlacedModule;
import pescope.ce.ProcessMap;
import pescope.ce.ProcessTotals;
import pescope.ce.SlotMap;

import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A slot map as JSON: {ceVersion, dllLow, romLow, globalMap [{module, base, blocks}], processes [{root,
 * modules [{name, path, base, sizeOfImage, blocks, slack, rom, loadedBy}], allocations, freeBytes,
 * failures [{module, error, reason}]}]}, followed by slotPressureApplies, note, totals and advice.
 * Addresses and sizes are JSON numbers.
 */
public final class SlotMapJson {
    private final ObjectMapper json = JsonEscapes.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(SlotMap map) {
        try {
            return json.writeValueAsString(tree(map));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode tree(SlotMap map) {
        ObjectNode root = json.createObjectNode();
        root.put("ceVersion", map.ceVersion());
        root.put("dllLow", map.dllLow());
        root.put("romLow", map.romLow());
        ArrayNode global = root.putArray("globalMap");
        for (GlobalEntry e : map.globalMap()) {
            global.addObject().put("module", e.module()).put("base", e.base()).put("blocks", e.blocks())
                    .put("origin", e.origin().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode processes = root.putArray("processes");
        for (ProcessMap p : map.processes()) {
            processes.add(process(p));
        }
        root.put("device", map.device());
        root.put("romHigh", map.romHigh());
        root.put("dllCost", map.dllCost());
        root.put("slotPressureApplies", map.slotPressureApplies());
        root.put("note", map.note());
        ArrayNode advice = root.putArray("advice");
        for (Advice a : map.advice()) {
            ObjectNode n = advice.addObject().put("process", a.process()).put("kind", a.kind().name()).put("blocks", a.blocks())
                    .put("text", a.text());
            a.modules().forEach(n.putArray("modules")::add);
            if (a.isWhatIf()) {
                n.put("helps", a.helps());
                ArrayNode outcomes = n.putArray("outcomes");
                a.outcomes().forEach(o -> outcomes.add(outcome(o)));
            }
        }
        root.set("baseline", outcome(Outcome.of("as given", map)));
        return root;
    }

    /** One scenario's result: DLL_LOW, and each process's free bytes and failed loads. */
    private ObjectNode outcome(Outcome o) {
        ObjectNode n = json.createObjectNode().put("scenario", o.scenario()).put("dllLow", o.dllLow()).put("failures", o.failures());
        ArrayNode processes = n.putArray("processes");
        for (Outcome.ProcessOutcome p : o.processes()) {
            ObjectNode pn = processes.addObject().put("process", p.process()).put("freeBytes", p.freeBytes());
            p.failedLoads().forEach(pn.putArray("failedLoads")::add);
        }
        return n;
    }

    private ObjectNode process(ProcessMap p) {
        ObjectNode n = json.createObjectNode();
        n.put("root", p.root());
        ArrayNode modules = n.putArray("modules");
        for (PlacedModule m : p.modules()) {
            modules.addObject().put("name", m.name()).put("path", m.path()).put("base", m.base())
                    .put("sizeOfImage", m.sizeOfImage()).put("blocks", m.blocks()).put("slack", m.slack())
                    .put("rom", m.rom()).put("loadedBy", m.loadedBy()).put("reused", m.reused())
                    .put("kbSectionSum", m.kbSectionSum()).put("kbSumDiffers", m.kbSumDiffers());
        }
        ArrayNode allocations = n.putArray("allocations");
        for (Allocation a : p.allocations()) {
            ObjectNode an = allocations.addObject().put("kind", a.kind().name()).put("label", a.label()).put("base", a.base())
                    .put("size", a.size()).put("blocks", a.blocks()).put("insideSlot", a.insideSlot());
            a.blocksLoads().forEach(an.putArray("blocksLoads")::add);
        }
        n.put("freeBytes", p.freeBytes());
        ArrayNode failures = n.putArray("failures");
        for (LoadFailure f : p.failures()) {
            ObjectNode fn = failures.addObject().put("module", f.module()).put("error", f.error()).put("reason", f.reason());
            if (f.blockedBy() != null) {
                fn.put("blockedBy", f.blockedBy());
            }
        }
        ProcessTotals t = p.totals();
        n.putObject("totals").put("dllLowAfterStart", t.dllLowAfterStart()).put("dllCost", t.dllCost())
                .put("netNewCost", t.netNewCost()).put("slackWasted", t.slackWasted())
                .put("sizeOfImageSum", t.sizeOfImageSum()).put("kbSectionSum", t.kbSectionSum())
                .put("kbSumDiffers", t.kbSumDiffers());
        return n;
    }
}
