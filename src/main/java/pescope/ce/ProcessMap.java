package pescope.ce;

import java.util.List;

/**
 * One process after the run.
 *
 * @param root        the root file that started it (the process's name)
 * @param modules     its DLLs, in load order
 * @param allocations its EXE, stacks, heaps and other reservations, in the order made
 * @param freeBytes   DLL_LOW minus the top of its bottom-up allocations (CE 6.0: the top of its user space)
 * @param failures    loads that failed in it
 * @param totals      what its DLLs cost
 */
public record ProcessMap(String root, List<PlacedModule> modules, List<Allocation> allocations, long freeBytes,
                         List<LoadFailure> failures, ProcessTotals totals) {
    public ProcessMap {
        modules = List.copyOf(modules);
        allocations = List.copyOf(allocations);
        failures = List.copyOf(failures);
    }
}
