package pescope.ce;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ce-loader.md §6: every worked example, with its exact addresses. */
class WorkedExamplesTest {

    private static CeModule dll(String name, long sizeOfImage, String... imports) {
        return CeModule.builder(name).sizeOfImage(sizeOfImage).imports(imports).build();
    }

    private static CeModule exe(String name, String... imports) {
        return CeModule.builder(name).sizeOfImage(0x10000).imports(imports).build();
    }

    private static PlacedModule module(SlotMap map, String process, String name) {
        return map.processes().stream().filter(p -> p.root().equals(process)).findFirst().orElseThrow()
                .modules().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static ProcessMap process(SlotMap map, String root) {
        return map.processes().stream().filter(p -> p.root().equals(root)).findFirst().orElseThrow();
    }

    /** Process A holds X at 0x00970000 with nothing free above it: T = 0x00970000. */
    private static SlotMap twoProcesses(long sizeOfY) {
        Device device = Device.bare("kb326163", 3).withRomTop(0x00980000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(
                exe("a.exe", "x.dll"), dll("x.dll", 0x10000), exe("b.exe", "y.dll"), dll("y.dll", sizeOfY));
        return new SlotAllocator(device, catalog).start("a.exe", "b.exe");
    }

    @Test
    void example1_placesYBelowXLoadedByAnotherProcess() {
        SlotMap map = twoProcesses(0x20000);

        assertEquals(0x00970000L, module(map, "a.exe", "x.dll").base());
        PlacedModule y = module(map, "b.exe", "y.dll");
        assertEquals(0x00950000L, y.base());
        assertEquals(2, y.blocks());
        assertTrue(process(map, "b.exe").modules().stream().noneMatch(m -> m.name().equals("x.dll")));
    }

    @Test
    void example1_aDllOneFullPageShortOfTwoBlocksStillTakesTwo() {
        assertEquals(0x00950000L, module(twoProcesses(0x1F000), "b.exe", "y.dll").base());
    }

    @Test
    void example1_aDllOnePageOverTwoBlocksTakesThree() {
        PlacedModule y = module(twoProcesses(0x21000), "b.exe", "y.dll");
        assertEquals(0x00940000L, y.base());
        assertEquals(3, y.blocks());
    }

    @Test
    void example2_pocketPc2002PlacesA96KbDllTwoBlocksBelowTheRomAndIgnoresItsImageBase() {
        Device device = Device.bare("Pocket PC 2002", 3).withRomTop(0x00AB0000L);
        CeModule dll = CeModule.builder("app.dll").sizeOfImage(0x18000).imageBase(0x10000000L).build();
        SlotMap map = new SlotAllocator(device, InMemoryModuleCatalog.of(exe("app.exe", "app.dll"), dll)).start("app.exe");

        PlacedModule placed = module(map, "app.exe", "app.dll");
        assertEquals(0x00A90000L, placed.base());
        assertEquals(2, placed.blocks());
        assertEquals(0x8000L, placed.slack());
        assertEquals(0x00A90000L, map.dllLow());
    }

    @Test
    void example3_thirtySmallDllsWaste1620KbAndTheThirtiethLandsAt0x01E20000() {
        List<CeModule> modules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String name = String.format("small%02d.dll", i);
            names.add(name);
            modules.add(dll(name, 10 * 1024));
        }
        modules.add(CeModule.builder("app.exe").imports(names).build());
        SlotMap map = new SlotAllocator(Device.bare("no ROM", 3), new InMemoryModuleCatalog(modules)).start("app.exe");

        ProcessMap app = process(map, "app.exe");
        assertEquals(0x01FF0000L, module(map, "app.exe", "small01.dll").base());
        assertEquals(0x01FE0000L, module(map, "app.exe", "small02.dll").base());
        assertEquals(0x01E20000L, module(map, "app.exe", "small30.dll").base());
        assertEquals(1920 * 1024L, app.totals().netNewCost());
        assertEquals(1620 * 1024L, app.totals().slackWasted());
        assertEquals(1920 * 1024L, app.totals().dllCost());
    }

    @Test
    void example3_advisesMergingTheThirtyDllsToSaveTwentyFiveBlocks() {
        List<CeModule> modules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            names.add("s" + i + ".dll");
            modules.add(dll("s" + i + ".dll", 10 * 1024));
        }
        modules.add(CeModule.builder("app.exe").imports(names).build());
        SlotMap map = Workarounds.evaluate(new Scenario(Device.bare("no ROM", 3), new InMemoryModuleCatalog(modules),
                AllocatorOptions.defaults(), List.of(new Step.Start("app.exe"))));

        Advice merge = map.advice().stream().filter(a -> a.kind() == Advice.Kind.MERGE_SMALL_DLLS).findFirst().orElseThrow();
        assertEquals(25, merge.blocks());
        assertEquals(30, merge.modules().size());
        // Run merged: one DLL of 30 x 10 KB = 300 KB takes 5 blocks below 0x02000000.
        assertEquals(0x01FB0000L, merge.outcomes().get(0).dllLow());
    }

    @Test
    void example4_aDllWhoseGlobalRangeHitsTheProcessHeapFailsWith14AndIsReleased() {
        Device device = Device.bare("kb303444", 3).withRomTop(0x00970000L)
                .withProcessAllocations(List.of(new ProcessAllocation("b.exe", 0x00900000L, 0x60000, "heap")));
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("b.exe"), dll("y.dll", 0x20000));
        SlotMap map = new SlotAllocator(device, catalog)
                .run(List.of(new Step.Start("b.exe"), new Step.LoadLibrary("b.exe", "y.dll")));

        ProcessMap b = process(map, "b.exe");
        assertEquals(1, b.failures().size());
        assertEquals("y.dll", b.failures().get(0).module());
        assertEquals(14, b.failures().get(0).error());
        assertTrue(map.globalMap().stream().noneMatch(e -> e.module().equals("y.dll")));
        assertTrue(b.modules().stream().noneMatch(m -> m.name().equals("y.dll")));
        assertEquals(0x00950000L, map.dllLow(), "DLL_LOW stays where the failed reservation took it");
    }

    @Test
    void example5_anExeOf73PagesTakesFiveBlocksAndTheNextAllocationStartsAt0x00060000() {
        CeModule app = CeModule.builder("app.exe").sizeOfImage(0x49000).build();
        SlotMap map = new SlotAllocator(Device.bare("no ROM", 3), InMemoryModuleCatalog.of(app)).start("app.exe");

        List<Allocation> allocations = process(map, "app.exe").allocations();
        assertEquals(new Allocation(Allocation.Kind.EXE, "app.exe", 0x00010000L, 0x49000, 5, true), allocations.get(0));
        assertEquals(0x00060000L, allocations.get(1).base());
        assertEquals(Allocation.Kind.STACK, allocations.get(1).kind());
    }

    @Test
    void example6_a64KbStackReserveTakesOneBlock() {
        assertStack(0x10000, 0x10000, 1);
    }

    @Test
    void example6_a2KbStackReserveIsRaisedTo16KbInOneBlock() {
        assertStack(0x800, 0x4000, 1);
    }

    @Test
    void example6_a2MbStackReserveIsCappedAt1MbInSixteenBlocks() {
        assertStack(0x200000, 0x100000, 16);
    }

    private static void assertStack(long reserve, long expectedSize, int expectedBlocks) {
        CeModule app = CeModule.builder("app.exe").sizeOfStackReserve(reserve).build();
        SlotMap map = new SlotAllocator(Device.bare("no ROM", 3), InMemoryModuleCatalog.of(app)).start("app.exe");
        Allocation stack = process(map, "app.exe").allocations().get(1);
        assertEquals(Allocation.Kind.STACK, stack.kind());
        assertEquals(expectedSize, stack.size());
        assertEquals(expectedBlocks, stack.blocks());
        assertEquals(0x00020000L, stack.base());
    }

    @Test
    void example7_ce6PlacesDllsAtTheirImageBaseInTheSharedRegionElseLowestFree() {
        Device device = Device.bare("CE 6.0", 6).withRomDlls(List.of(RomDll.whole("coredll.dll", 0x40000000L, 0x30000)));
        ModuleCatalog catalog = InMemoryModuleCatalog.of(
                exe("app.exe", "dll1.dll", "dll2.dll", "dll3.dll"),
                CeModule.builder("dll1.dll").imageBase(0x10000000L).sizeOfImage(0x18000).build(),
                CeModule.builder("dll2.dll").imageBase(0x40100000L).sizeOfImage(0x8000).build(),
                CeModule.builder("dll3.dll").imageBase(0x10000000L).sizeOfImage(0x1000).build());
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x40030000L, module(map, "app.exe", "dll1.dll").base());
        assertEquals(0x40100000L, module(map, "app.exe", "dll2.dll").base());
        assertEquals(0x40050000L, module(map, "app.exe", "dll3.dll").base());
        assertFalse(map.slotPressureApplies());
        assertTrue(map.note().contains("no longer applies"));
    }
}
