package pescope.ce;

import java.util.List;

/**
 * Something that would help (ce-loader.md §7), or a KB326163 workaround tried as a what-if.
 *
 * @param process  the process it concerns
 * @param kind     what sort of advice
 * @param modules  the DLLs concerned
 * @param blocks   blocks saved (MERGE_SMALL_DLLS), added when first used (DELAY_LOAD_COST), or
 *                 taken from the DLL area (TOP_DOWN); 0 otherwise
 * @param text     the advice in a sentence
 * @param helps    for a what-if: the changed scenario has fewer failed loads than the one given
 * @param outcomes for a what-if: what the allocator made of the changed scenario (split: each process
 *                 alone, then both at once); empty for plain advice and where no change was run
 */
public record Advice(String process, Kind kind, List<String> modules, int blocks, String text, boolean helps,
                     List<Outcome> outcomes) {

    public enum Kind {
        /** KB326163 workaround 1 / KB303444: the same VirtualAlloc without MEM_TOP_DOWN. */
        TOP_DOWN,
        /** KB326163 workaround 2: combine small DLLs to stop wasting 64 KB slack. */
        MERGE_SMALL_DLLS,
        /** KB326163 workaround 3: move some of a process's DLLs into a second process. */
        SPLIT_PROCESS,
        /** KB326163 workaround 4: load the DLLs a process needs at start-up, before the slot fills. */
        LOAD_ESSENTIALS_FIRST,
        /** KB326163 workaround 5: a smaller heap. */
        LESS_HEAP,
        /** A delay-loaded DLL that would reserve blocks when first used. */
        DELAY_LOAD_COST
    }

    public Advice {
        modules = List.copyOf(modules);
        outcomes = List.copyOf(outcomes);
    }

    /** Plain advice, not a what-if. */
    public Advice(String process, Kind kind, List<String> modules, int blocks, String text) {
        this(process, kind, modules, blocks, text, false, List.of());
    }

    /** One of KB326163's workarounds, tried on a changed scenario (whether or not it helps). */
    public boolean isWhatIf() {
        return kind != Kind.DELAY_LOAD_COST;
    }
}
