package pescope.ce;

import java.util.Objects;

/** A DLL that some other process on the device already has loaded: it holds its blocks in the global map. */
public record LoadedDll(String name, long base, long sizeOfImage) {
    public LoadedDll {
        Objects.requireNonNull(name, "name");
    }
}
