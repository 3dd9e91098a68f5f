package pescope.ce;

import java.util.Objects;

/**
 * A ROM (XIP) DLL at the address fixed when the ROM was built.
 *
 * @param name        file name
 * @param base        its address in slot 0 (for a split DLL: the lowest page of its RW sections)
 * @param sizeOfImage bytes it occupies in slot 0 from {@code base} (for a split DLL: its RW sections)
 * @param split       CE 4.x/5.0: code in slot 1, only writable non-shared sections in slot 0 (ce-loader.md §4)
 * @param codeBase    split DLLs: where romimage put the code in slot 1; 0 otherwise
 * @param codeSize    split DLLs: bytes of code in slot 1; 0 otherwise
 */
public record RomDll(String name, long base, long sizeOfImage, boolean split, long codeBase, long codeSize) {
    public RomDll {
        Objects.requireNonNull(name, "name");
        if (base < 0 || sizeOfImage < 0) {
            throw new IllegalArgumentException("negative base or size for ROM DLL " + name);
        }
    }

    /** A ROM DLL given by its base and size: the whole image sits in slot 0 (or the CE 6.0 region). */
    public static RomDll whole(String name, long base, long sizeOfImage) {
        return new RomDll(name, base, sizeOfImage, false, 0, 0);
    }

    /** A ROM DLL known by name only: present on the device, address not given, costs no RAM blocks. */
    public static RomDll named(String name) {
        return new RomDll(name, 0, 0, false, 0, 0);
    }

    public boolean hasAddress() {
        return sizeOfImage > 0;
    }

    public long end() {
        return base + sizeOfImage;
    }
}
