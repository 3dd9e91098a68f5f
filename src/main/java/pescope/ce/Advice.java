package pescope.ce;

import java.util.List;

/**
 * Something that would help (ce-loader.md §7).
 *
 * @param process the process it concerns
 * @param kind    what sort of advice
 * @param modules the DLLs concerned
 * @param blocks  blocks saved (MERGE_SMALL_DLLS) or added when first used (DELAY_LOAD_COST)
 * @param text    the advice in a sentence
 */
public record Advice(String process, Kind kind, List<String> modules, int blocks, String text) {

    public enum Kind {
        /** KB326163 workaround 2: combine small DLLs to stop wasting 64 KB slack. */
        MERGE_SMALL_DLLS,
        /** A delay-loaded DLL that would reserve blocks when first used. */
        DELAY_LOAD_COST
    }

    public Advice {
        modules = List.copyOf(modules);
    }
}
