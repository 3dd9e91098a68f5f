package pescope.ce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lays out ROM DLL files the way romimage does (ce-loader.md §4): old-style DLLs stacked down from
 * DLLHIGHADDR on 64 KB boundaries; on CE 4.x/5.0, relocatable DLLs split into code going down from
 * DLLHIGHCODEADDR in slot 1 and writable non-shared sections packed page by page down from
 * DLLHIGHADDR in slot 0, with the old-style DLLs below them.
 */
public final class RomLayout {
    /** romimage: default DLLHIGHCODEADDR, the top of slot 1. */
    public static final long ROMIMAGE_DEFAULT_DLLHIGHCODEADDR = 0x04000000L;
    /** romimage: default DLLLOWADDR; ROM DLL data below it fails the build. */
    public static final long ROMIMAGE_DEFAULT_DLLLOWADDR = 0x00600000L;
    /** romldr.h: sizeof(e32_rom) on CE 4.x/5.0 (with e32_timestamp), padded to 4 bytes. */
    public static final long E32_ROM_SIZE = 0x70;
    /** romldr.h: sizeof(o32_rom), one per section. */
    public static final long O32_ROM_SIZE = 24;

    private final long dllHighAddr;
    private final long dllHighCodeAddr;
    private final long dllLowAddr;

    public RomLayout(long dllHighAddr, long dllHighCodeAddr, long dllLowAddr) {
        this.dllHighAddr = dllHighAddr;
        this.dllHighCodeAddr = dllHighCodeAddr;
        this.dllLowAddr = dllLowAddr;
    }

    /** romimage's defaults: DLLHIGHADDR 0x02000000, DLLHIGHCODEADDR 0x04000000, DLLLOWADDR 0x00600000. */
    public static RomLayout defaults() {
        return new RomLayout(Device.ROMIMAGE_DEFAULT_DLLHIGHADDR, ROMIMAGE_DEFAULT_DLLHIGHCODEADDR, ROMIMAGE_DEFAULT_DLLLOWADDR);
    }

    /**
     * Lays out these ROM module files for a CE 2.x-5.0 device. Split DLLs' RW sections are packed
     * first, then old-style DLLs below them, each group in the order given.
     */
    public RomImage layOut(List<CeModule> files, CeVersion version) {
        if (!version.hasSlots()) {
            throw new IllegalArgumentException("romimage layout is modelled for CE 5.0 and older; give CE 6.0 ROM DLLs with their bases");
        }
        List<RomDll> out = new ArrayList<>();
        long data = dllHighAddr;
        long code = dllHighCodeAddr;
        for (CeModule file : files) {
            if (!splits(file, version)) {
                continue;
            }
            long codeSize = file.sections().stream().filter(s -> !s.staysInSlotZero()).mapToLong(CeSection::romSize).sum();
            long rwSize = file.sections().stream().filter(CeSection::staysInSlotZero).mapToLong(CeSection::romSize).sum();
            code = SlotAllocator.floorBlock(code - codeSize);
            data -= rwSize;
            out.add(new RomDll(file.fileName(), data, rwSize, true, code, codeSize));
        }
        for (CeModule file : files) {
            if (splits(file, version)) {
                continue;
            }
            long load = oldStyleLoadSize(file);
            data = SlotAllocator.floorBlock(data - (load - CeSection.PAGE));
            out.add(RomDll.whole(file.fileName(), data, load - CeSection.PAGE));
        }
        Optional<String> failure = data < dllLowAddr
                ? Optional.of(String.format("ROM DLL data reaches down to 0x%08X, below DLLLOWADDR 0x%08X: romimage fails", data, dllLowAddr))
                : Optional.empty();
        return new RomImage(out, data, failure);
    }

    /** CE 4.x/5.0 split the DLLs that were built with relocation information. */
    private static boolean splits(CeModule file, CeVersion version) {
        return version == CeVersion.CE5 && file.isDll() && !file.relocationsStripped();
    }

    /** romimage: load = page_align(4 KB + sum of page_align(max(VirtualSize, SizeOfRawData)) + header tables). */
    static long oldStyleLoadSize(CeModule file) {
        long sections = file.sections().stream().mapToLong(CeSection::romSize).sum();
        long headerTables = E32_ROM_SIZE + O32_ROM_SIZE * file.sections().size();
        return CeSection.pageAlign(CeSection.PAGE + sections + headerTables);
    }
}
