package pescope.ce;

import java.util.List;

/**
 * What one run of the allocator came to, for putting scenarios side by side (KB326163's
 * workarounds against the scenario as given).
 *
 * @param scenario  what was run, in words
 * @param dllLow    DLL_LOW at the end
 * @param processes each process's free space and failed loads, in the order started
 */
public record Outcome(String scenario, long dllLow, List<ProcessOutcome> processes) {

    /** One process in an outcome. */
    public record ProcessOutcome(String process, long freeBytes, List<String> failedLoads) {
        public ProcessOutcome {
            failedLoads = List.copyOf(failedLoads);
        }
    }

    public Outcome {
        processes = List.copyOf(processes);
    }

    public static Outcome of(String scenario, SlotMap map) {
        return new Outcome(scenario, map.dllLow(), map.processes().stream()
                .map(p -> new ProcessOutcome(p.root(), p.freeBytes(), p.failures().stream().map(LoadFailure::module).toList()))
                .toList());
    }

    /** Failed loads in every process. */
    public int failures() {
        return processes.stream().mapToInt(p -> p.failedLoads().size()).sum();
    }
}
