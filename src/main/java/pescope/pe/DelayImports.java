package pescope.pe;

import java.util.List;

/** The delay-load import directory: DLLs loaded on the first call into them. */
public record DelayImports(List<ImportedModule> modules) {
    public DelayImports {
        modules = List.copyOf(modules);
    }
}
