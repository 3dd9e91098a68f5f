package pescope.report;

import pescope.ce.Allocation;
import pescope.ce.GlobalEntry;
import pescope.ce.PlacedModule;
import pescope.ce.ProcessMap;
import pescope.ce.SlotAllocator;
import pescope.ce.SlotMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One address space cut into labelled bands, highest first: what the text and SVG renderers draw.
 * For CE 5.0 and older a process band list covers its whole 32 MB slot, DLLs included; on CE 6.0
 * a process covers its own space and the shared DLL region is a separate layout.
 */
record SlotLayout(String title, long low, long high, List<Band> bands) {

    enum Kind { ROM, DLL, OTHER_DLL, GAP, EXE, STACK, HEAP, EXPLICIT, TOP_DOWN, RW_AREA, PRESENT, FREE, BLOCK_ZERO }

    /** A range of the space; {@code module} or {@code allocation} tell what is there, when anything is. */
    record Band(long start, long end, Kind kind, String label, PlacedModule module, Allocation allocation) {
        long size() {
            return end - start;
        }

        int blocks() {
            return (int) ((size() + SlotAllocator.BLOCK - 1) / SlotAllocator.BLOCK);
        }
    }

    /** A process's slot (CE 5.0 and older: from 0x02000000 down, DLLs included) or its own space (CE 6.0). */
    static SlotLayout ofProcess(SlotMap map, ProcessMap process) {
        List<Band> used = new ArrayList<>();
        long high = map.processSpaceTop();
        if (map.slotPressureApplies()) {
            addDllArea(map, process, used);
        }
        for (Allocation a : process.allocations()) {
            if (!a.insideSlot() || a.blocks() == 0) {
                continue;
            }
            used.add(new Band(a.base(), Math.min(high, a.end()), kindOf(a), a.label(), null, a));
        }
        used.add(new Band(0, SlotAllocator.BLOCK, Kind.BLOCK_ZERO, "block 0 (never handed out)", null, null));
        long dllLine = map.slotPressureApplies() ? map.dllLow() : high;
        return new SlotLayout(process.root(), 0, high, withFreeSpace(used, 0, high, dllLine));
    }

    /** The global DLL map: the slot's DLL area (CE 5.0 and older) or the CE 6.0 shared region. */
    static SlotLayout ofGlobal(SlotMap map) {
        List<Band> used = new ArrayList<>();
        addDllArea(map, null, used);
        long low = map.dllSpaceBase();
        long high = map.dllSpaceTop();
        if (map.slotPressureApplies()) {
            used.add(new Band(0, SlotAllocator.BLOCK, Kind.BLOCK_ZERO, "block 0 (never handed out)", null, null));
        }
        long dllLine = map.slotPressureApplies() ? map.dllLow() : high;
        return new SlotLayout(map.slotPressureApplies() ? "global DLL map" : "shared DLL region", low, high,
                withFreeSpace(used, low, high, dllLine));
    }

    private static void addDllArea(SlotMap map, ProcessMap process, List<Band> used) {
        if (map.romHigh() > map.romLow()) {
            List<String> names = map.globalMap().stream().filter(e -> e.origin() == GlobalEntry.Origin.ROM)
                    .map(GlobalEntry::module).toList();
            String label = names.isEmpty() || names.equals(List.of("(ROM DLLs)")) ? "ROM DLLs" : "ROM DLLs: " + String.join(", ", names);
            used.add(new Band(map.romLow(), map.romHigh(), Kind.ROM, label, null, null));
        }
        for (GlobalEntry e : map.globalMap()) {
            if (e.origin() == GlobalEntry.Origin.ROM) {
                continue;
            }
            PlacedModule held = process == null ? null : process.modules().stream()
                    .filter(m -> m.name().equals(e.module()) && !m.rom()).findFirst().orElse(null);
            if (process != null && held == null) {
                used.add(new Band(e.base(), e.end(), Kind.OTHER_DLL, e.module(), null, null));
            } else {
                used.add(new Band(e.base(), e.end(), Kind.DLL, e.module(), held, null));
            }
        }
    }

    private static Kind kindOf(Allocation a) {
        return switch (a.kind()) {
            case EXE -> Kind.EXE;
            case STACK -> Kind.STACK;
            case HEAP -> Kind.HEAP;
            case EXPLICIT -> Kind.EXPLICIT;
            case EXPLICIT_TOP_DOWN -> Kind.TOP_DOWN;
            case ROM_RW_AREA -> Kind.RW_AREA;
            case PRESENT -> Kind.PRESENT;
        };
    }

    /** Fills the holes between used bands: gaps in the DLL area above the line, free space below it. */
    private static List<Band> withFreeSpace(List<Band> used, long low, long high, long dllLine) {
        List<Band> sorted = new ArrayList<>(used);
        sorted.sort(Comparator.comparingLong(Band::start).thenComparingLong(Band::end));
        List<Band> out = new ArrayList<>(sorted);
        long cursor = low;
        for (Band b : sorted) {
            if (b.start() > cursor) {
                addHole(out, cursor, b.start(), dllLine);
            }
            cursor = Math.max(cursor, b.end());
        }
        if (cursor < high) {
            addHole(out, cursor, high, dllLine);
        }
        out.sort(Comparator.comparingLong(Band::start).reversed().thenComparing(Band::kind));
        return out;
    }

    private static void addHole(List<Band> out, long start, long end, long dllLine) {
        if (start < dllLine && end > dllLine) {
            out.add(new Band(start, dllLine, Kind.FREE, "free", null, null));
            out.add(new Band(dllLine, end, Kind.GAP, "gap", null, null));
        } else {
            out.add(new Band(start, end, start >= dllLine ? Kind.GAP : Kind.FREE, start >= dllLine ? "gap" : "free", null, null));
        }
    }
}
