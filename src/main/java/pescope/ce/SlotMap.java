package pescope.ce;

import java.util.List;

/**
 * The result of a {@link SlotAllocator} run.
 *
 * @param device              the device's name
 * @param ceVersion           the loader model used: 3, 5 or 6
 * @param dllLow              DLL_LOW at the end: the lowest DLL base ever reserved (the DLL load line)
 * @param romLow              the bottom of the ROM DLL area (CE 6.0: the bottom of the shared region)
 * @param romHigh             the top of the ROM DLL area
 * @param slotPressureApplies false on CE 6.0, where DLLs no longer share a 32 MB slot with the process
 * @param note                a sentence about the model, e.g. that slot pressure no longer applies
 * @param globalMap           the global DLL map, highest address first
 * @param processes           every process, in the order started
 * @param advice              what would help
 */
public record SlotMap(String device, int ceVersion, long dllLow, long romLow, long romHigh,
                      boolean slotPressureApplies, String note, List<GlobalEntry> globalMap,
                      List<ProcessMap> processes, List<Advice> advice) {

    public SlotMap {
        globalMap = List.copyOf(globalMap);
        processes = List.copyOf(processes);
        advice = List.copyOf(advice);
    }

    /** Bytes from DLL_LOW up to the ROM area, gaps included. */
    public long dllCost() {
        return Math.max(0, romLow - dllLow);
    }

    /** The lowest address of the DLL space: 0 (the slot) or the CE 6.0 shared region's base. */
    public long dllSpaceBase() {
        return ceVersion == 6 ? SlotAllocator.CE6_DLL_REGION_BASE : 0;
    }

    /** The top of the DLL space: the slot's top, or the CE 6.0 shared region's end. */
    public long dllSpaceTop() {
        return ceVersion == 6 ? SlotAllocator.CE6_DLL_REGION_END : SlotAllocator.SLOT_SIZE;
    }

    /** The top of a process's own space: the slot's top, or CE 6.0's user space below the shared region. */
    public long processSpaceTop() {
        return ceVersion == 6 ? SlotAllocator.CE6_PROCESS_SPACE_TOP : SlotAllocator.SLOT_SIZE;
    }

    /** The same result with more advice after what it has. */
    public SlotMap withMoreAdvice(List<Advice> more) {
        List<Advice> all = new java.util.ArrayList<>(advice);
        all.addAll(more);
        return new SlotMap(device, ceVersion, dllLow, romLow, romHigh, slotPressureApplies, note, globalMap, processes, all);
    }

    public boolean hasFailures() {
        return processes.stream().anyMatch(p -> !p.failures().isEmpty());
    }
}
