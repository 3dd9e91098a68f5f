package pescope.ce;

import java.util.List;
import java.util.Optional;

/**
 * The ROM DLLs as romimage laid them out.
 *
 * @param dlls     every ROM DLL with its addresses, in the order laid out
 * @param dllFirst the lowest slot-0 address used by ROM DLL data ("dllfirst")
 * @param failure  romimage's error when the data went below DLLLOWADDR; empty when the ROM builds
 */
public record RomImage(List<RomDll> dlls, long dllFirst, Optional<String> failure) {
    public RomImage {
        dlls = List.copyOf(dlls);
    }

    public boolean builds() {
        return failure.isEmpty();
    }
}
