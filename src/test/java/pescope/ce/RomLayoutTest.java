package pescope.ce;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RomLayoutTest {
    private static final long CODE = 0x60000020L;
    private static final long DATA = 0xC0000040L;
    private static final long SHARED_DATA = 0xD0000040L;

    private static CeModule romDll(String name, boolean stripped, CeSection... sections) {
        return CeModule.builder(name).relocationsStripped(stripped).sections(List.of(sections)).build();
    }

    @Test
    void oldStyleLoadSizeAddsAHeaderPageAndThePageOfHeaderTables() {
        CeModule dll = romDll("a.dll", true, new CeSection(".text", 0x12345, 0x12400, CODE), new CeSection(".data", 0x100, 0x200, DATA));
        assertEquals(0x1000 + 0x13000 + 0x1000 + 0x1000, RomLayout.oldStyleLoadSize(dll));
    }

    @Test
    void ce3StacksOldStyleDllsDownFromDllHighAddrOn64KbBoundaries() {
        RomImage image = RomLayout.defaults().layOut(List.of(
                romDll("first.dll", false, new CeSection(".text", 0x8000, 0x8000, CODE)),
                romDll("second.dll", false, new CeSection(".text", 0x21000, 0x21000, CODE))), CeVersion.CE3);

        // first: load 0xA000, base (0x02000000 - 0x9000) & ~0xFFFF; second: load 0x23000 below it
        assertEquals(0x01FF0000L, image.dlls().get(0).base());
        assertEquals(0x01FC0000L, image.dlls().get(1).base());
        assertEquals(0x01FC0000L, image.dllFirst());
        assertTrue(image.builds());
    }

    @Test
    void ce5SplitsRelocatableDllsCodeIntoSlotOneAndPacksRwSectionsPageByPage() {
        RomImage image = RomLayout.defaults().layOut(List.of(
                romDll("coredll.dll", false, new CeSection(".text", 0x7F000, 0x7F000, CODE), new CeSection(".data", 0x1800, 0x800, DATA),
                        new CeSection(".shared", 0x1000, 0x1000, SHARED_DATA)),
                romDll("ole32.dll", false, new CeSection(".text", 0x30000, 0x30000, CODE), new CeSection(".data", 0x2100, 0x2100, DATA)),
                romDll("legacy.dll", true, new CeSection(".text", 0x5000, 0x5000, CODE))), CeVersion.CE5);

        RomDll coredll = image.dlls().get(0);
        RomDll ole32 = image.dlls().get(1);
        RomDll legacy = image.dlls().get(2);
        assertTrue(coredll.split());
        assertEquals(0x03F80000L, coredll.codeBase());
        assertEquals(0x01FFE000L, coredll.base());
        assertEquals(0x2000L, coredll.sizeOfImage());
        assertEquals(0x03F50000L, ole32.codeBase());
        assertEquals(0x01FFB000L, ole32.base());
        assertFalse(legacy.split());
        assertEquals(0x01FF0000L, legacy.base());
    }

    @Test
    void failsWhenRomDllDataGoesBelowDllLowAddr() {
        RomImage image = new RomLayout(0x00700000L, RomLayout.ROMIMAGE_DEFAULT_DLLHIGHCODEADDR, RomLayout.ROMIMAGE_DEFAULT_DLLLOWADDR)
                .layOut(List.of(romDll("big.dll", true, new CeSection(".text", 0x180000, 0x180000, CODE))), CeVersion.CE3);

        assertFalse(image.builds());
        assertTrue(image.failure().orElseThrow().contains("DLLLOWADDR"));
    }

    @Test
    void aLaidOutCe5RomGivesEveryProcessItsRwArea() {
        RomImage image = RomLayout.defaults().layOut(List.of(
                romDll("coredll.dll", false, new CeSection(".text", 0x7F000, 0x7F000, CODE), new CeSection(".data", 0x11000, 0x11000, DATA))),
                CeVersion.CE5);
        Device device = Device.bare("CE 5.0", 5).withRomDlls(image.dlls());
        SlotMap map = new SlotAllocator(device, InMemoryModuleCatalog.of(CeModule.builder("app.exe").build())).start("app.exe");

        Allocation rw = map.processes().get(0).allocations().get(1);
        assertEquals(Allocation.Kind.ROM_RW_AREA, rw.kind());
        assertEquals(0x01FE0000L, rw.base());
        assertEquals(2, rw.blocks());
    }
}
