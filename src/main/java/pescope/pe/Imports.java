package pescope.pe;

import java.util.List;

/** The import directory: the DLLs an image loads with it, in directory order. */
public record Imports(List<ImportedModule> modules) {
    public Imports {
        modules = List.copyOf(modules);
    }
}
