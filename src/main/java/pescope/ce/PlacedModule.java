package pescope.ce;

/**
 * A DLL in one process: where it lies and what it costs.
 *
 * @param name          file name
 * @param path          where the file was found, or null
 * @param base          its base address; 0 for a ROM DLL whose address the device does not give
 * @param sizeOfImage   SizeOfImage (for a split ROM DLL: its RW part in slot 0)
 * @param blocks        64 KB blocks it reserves
 * @param slack         bytes of its last block that nothing else can use
 * @param rom           a ROM (XIP) DLL
 * @param loadedBy      the module that imported it, "LoadLibrary", or "kernel" for coredll
 * @param reused        already loaded by another process: mirrored at its base, no new reservation
 * @param kbSectionSum  KB326163's "sections + 4 KB" figure, 0 when unknown
 * @param kbSumDiffers  that figure differs from SizeOfImage by more than a page
 */
public record PlacedModule(String name, String path, long base, long sizeOfImage, int blocks, long slack,
                           boolean rom, String loadedBy, boolean reused, long kbSectionSum, boolean kbSumDiffers) {

    public long end() {
        return base + blocks * SlotAllocator.BLOCK;
    }

    public long cost() {
        return blocks * SlotAllocator.BLOCK;
    }
}
