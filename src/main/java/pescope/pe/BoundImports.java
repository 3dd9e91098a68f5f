package pescope.pe;

import java.util.List;

/** The bound import directory: the DLL versions the image's address tables were bound to. */
public record BoundImports(List<BoundImport> entries) {
    public BoundImports {
        entries = List.copyOf(entries);
    }
}
