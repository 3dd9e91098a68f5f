package pescope.ce;

import java.util.Objects;

/** An imported symbol that the dependency checker could not find in its DLL: error 127 at load time. */
public record UnresolvedImport(String dll, String symbol) {
    public UnresolvedImport {
        Objects.requireNonNull(dll, "dll");
        Objects.requireNonNull(symbol, "symbol");
    }
}
