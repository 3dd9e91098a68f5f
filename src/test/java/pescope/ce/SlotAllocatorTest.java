package pescope.ce;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotAllocatorTest {

    private static final Device CE3 = Device.bare("CE 3.0", 3);

    private static CeModule dll(String name, long sizeOfImage, String... imports) {
        return CeModule.builder(name).sizeOfImage(sizeOfImage).imports(imports).build();
    }

    private static CeModule exe(String name, String... imports) {
        return CeModule.builder(name).sizeOfImage(0x10000).imports(imports).build();
    }

    private static ProcessMap process(SlotMap map, String root) {
        return map.processes().stream().filter(p -> p.root().equals(root)).findFirst().orElseThrow();
    }

    private static long base(SlotMap map, String root, String name) {
        return process(map, root).modules().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().base();
    }

    private static boolean holds(SlotMap map, String root, String name) {
        return process(map, root).modules().stream().anyMatch(m -> m.name().equals(name));
    }

    private static Allocation allocation(SlotMap map, String root, Allocation.Kind kind) {
        return process(map, root).allocations().stream().filter(a -> a.kind() == kind).findFirst().orElseThrow();
    }

    // ---- order of reservation ----

    @Test
    void reservesTheImporterAboveTheDllsItPullsIn() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000, "b.dll"), dll("b.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        assertEquals(0x01FF0000L, base(map, "app.exe", "a.dll"));
        assertEquals(0x01FE0000L, base(map, "app.exe", "b.dll"));
        assertEquals("a.dll", process(map, "app.exe").modules().stream().filter(m -> m.name().equals("b.dll")).findFirst().orElseThrow().loadedBy());
    }

    @Test
    void postOrderOptionReservesDependenciesFirst() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000, "b.dll"), dll("b.dll", 0x10000));
        AllocatorOptions post = AllocatorOptions.defaults().withOrder(AllocatorOptions.Order.POST_ORDER);
        SlotMap map = new SlotAllocator(CE3, catalog, post).start("app.exe");

        assertEquals(0x01FF0000L, base(map, "app.exe", "b.dll"));
        assertEquals(0x01FE0000L, base(map, "app.exe", "a.dll"));
    }

    @Test
    void cutsImportCyclesAndLoadsEachModuleOnce() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"),
                dll("a.dll", 0x10000, "b.dll"), dll("b.dll", 0x10000, "a.dll", "c.dll"), dll("c.dll", 0x10000, "b"));
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        assertEquals(List.of("coredll.dll", "a.dll", "b.dll", "c.dll"),
                process(map, "app.exe").modules().stream().map(PlacedModule::name).toList());
        assertEquals(0x01FD0000L, base(map, "app.exe", "c.dll"));
    }

    @Test
    void matchesModulesByFileNameCaseInsensitivelyWithDllImplied() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "\\Windows\\MyLib", "MYLIB.DLL"), dll("mylib.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        assertEquals(1, map.globalMap().size());
        assertEquals(0x01FF0000L, base(map, "app.exe", "mylib.dll"));
    }

    @Test
    void firstFitTakesTheTopOfTheHighestGapLargeEnoughNotTheBestFit() {
        Device device = CE3.withLoaded(List.of(
                new LoadedDll("top.dll", 0x01FF0000L, 0x10000),
                new LoadedDll("mid.dll", 0x01FC0000L, 0x10000),
                new LoadedDll("low.dll", 0x01F90000L, 0x10000)));
        // gaps: [0x01FD0000, 0x01FF0000) two blocks, [0x01FA0000, 0x01FC0000) two blocks, then everything below
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "one.dll", "two.dll", "three.dll"),
                dll("one.dll", 0x10000), dll("two.dll", 0x20000), dll("three.dll", 0x30000));
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x01FE0000L, base(map, "app.exe", "one.dll"));
        assertEquals(0x01FA0000L, base(map, "app.exe", "two.dll"));
        assertEquals(0x01F60000L, base(map, "app.exe", "three.dll"));
        assertEquals(0x01F60000L, map.dllLow());
    }

    // ---- errors ----

    @Test
    void refusesARelocationStrippedDllWith193() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "fixed.dll"),
                CeModule.builder("fixed.dll").relocationsStripped(true).build());
        ProcessMap app = process(new SlotAllocator(CE3, catalog).start("app.exe"), "app.exe");

        assertEquals(193, app.failures().get(0).error());
        assertEquals("fixed.dll", app.failures().get(0).module());
        assertTrue(app.failures().get(0).reason().contains("needed by app.exe"));
    }

    @Test
    void refusesAnExeImportedAsADllWith193() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "other.exe"), exe("other.exe"));
        assertEquals(193, process(new SlotAllocator(CE3, catalog).start("app.exe"), "app.exe").failures().get(0).error());
    }

    @Test
    void refusesAModuleForAnotherCpuWith193() {
        Device arm = CE3.withMachine(0x1C0);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "x86.dll"), CeModule.builder("x86.dll").machine(0x14C).build());
        assertEquals(193, process(new SlotAllocator(arm, catalog).start("app.exe"), "app.exe").failures().get(0).error());
    }

    @Test
    void reportsAMissingDllWith126AndTheChainThatNeededIt() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000, "gone.dll"));
        LoadFailure failure = process(new SlotAllocator(CE3, catalog).start("app.exe"), "app.exe").failures().get(0);

        assertEquals(new LoadFailure("gone.dll", 126,
                "ERROR_MOD_NOT_FOUND: gone.dll was not found on the device (needed by a.dll <- app.exe)"), failure);
    }

    @Test
    void reportsAMissingExportWith127OnTheImporter() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"),
                CeModule.builder("a.dll").imports("b.dll").unresolved("b.dll", "Frobnicate").build(), dll("b.dll", 0x10000));
        LoadFailure failure = process(new SlotAllocator(CE3, catalog).start("app.exe"), "app.exe").failures().get(0);

        assertEquals("a.dll", failure.module());
        assertEquals(127, failure.error());
        assertTrue(failure.reason().contains("imports Frobnicate from b.dll"));
    }

    @Test
    void runsOutOfAddressSpaceWith14WhenNoGapIsLargeEnough() {
        Device device = CE3.withRomTop(0x00200000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "huge.dll"), dll("huge.dll", 0x200000));
        ProcessMap app = process(new SlotAllocator(device, catalog).start("app.exe"), "app.exe");

        assertEquals(14, app.failures().get(0).error());
    }

    // ---- rollback ----

    @Test
    void rollsBackEverythingTheFailedLoadReservedButDllLowStays() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll", "b.dll"),
                dll("a.dll", 0x10000, "c.dll"), dll("c.dll", 0x20000), dll("b.dll", 0x10000, "missing.dll"));
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        assertEquals(List.of(), process(map, "app.exe").modules());
        assertTrue(map.globalMap().isEmpty());
        assertEquals(0x01FC0000L, map.dllLow());
    }

    @Test
    void withoutRollbackKeepsWhatTheFailedLoadReserved() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll", "b.dll"),
                dll("a.dll", 0x10000), dll("b.dll", 0x10000, "missing.dll"));
        SlotMap map = new SlotAllocator(CE3, catalog, AllocatorOptions.defaults().withRollback(false)).start("app.exe");

        assertEquals(0x01FF0000L, base(map, "app.exe", "a.dll"));
        assertEquals(0x01FE0000L, base(map, "app.exe", "b.dll"));
        assertEquals(126, process(map, "app.exe").failures().get(0).error());
    }

    @Test
    void rollbackLeavesDllsThatAnotherProcessUses() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("one.exe", "shared.dll"), exe("two.exe", "shared.dll", "bad.dll"),
                dll("shared.dll", 0x10000), CeModule.builder("bad.dll").relocationsStripped(true).build());
        SlotMap map = new SlotAllocator(CE3, catalog).start("one.exe", "two.exe");

        assertEquals(List.of("shared.dll"), map.globalMap().stream().map(GlobalEntry::module).toList());
        assertFalse(holds(map, "two.exe", "shared.dll"));
        assertTrue(holds(map, "one.exe", "shared.dll"));
    }

    // ---- several processes ----

    @Test
    void reusesADllLoadedByAnotherProcessAtItsBaseWithItsDependencies() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("one.exe", "ui.dll"), exe("two.exe", "own.dll", "ui.dll"),
                dll("ui.dll", 0x20000, "gfx.dll"), dll("gfx.dll", 0x10000), dll("own.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).start("one.exe", "two.exe");

        assertEquals(0x01FE0000L, base(map, "two.exe", "ui.dll"));
        assertEquals(0x01FD0000L, base(map, "two.exe", "gfx.dll"));
        assertEquals(0x01FC0000L, base(map, "two.exe", "own.dll"));
        ProcessMap two = process(map, "two.exe");
        assertTrue(two.modules().stream().filter(m -> m.name().equals("gfx.dll")).findFirst().orElseThrow().reused());
        assertEquals(0x10000L, two.totals().netNewCost());
    }

    @Test
    void aPreloadedDllIsMirroredWhereTheDeviceSaysItIs() {
        Device device = CE3.withLoaded(List.of(new LoadedDll("ui.dll", 0x01800000L, 0x30000)));
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "ui.dll"));
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x01800000L, base(map, "app.exe", "ui.dll"));
        assertEquals(0x01800000L, map.dllLow());
        assertTrue(process(map, "app.exe").failures().isEmpty());
    }

    @Test
    void aDllRootIsLoadedByAnOtherwiseEmptyProcess() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(dll("plugin.dll", 0x10000, "helper.dll"), dll("helper.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).start("plugin.dll");

        ProcessMap host = process(map, "plugin.dll");
        assertTrue(host.allocations().isEmpty());
        assertEquals("LoadLibrary", host.modules().stream().filter(m -> m.name().equals("plugin.dll")).findFirst().orElseThrow().loadedBy());
        assertEquals(0x01FE0000L, base(map, "plugin.dll", "helper.dll"));
    }

    @Test
    void unloadFreesTheBlocksOnlyWhenNoProcessUsesTheDllAndLaterLoadsReuseTheGap() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "base.dll"), dll("base.dll", 0x10000),
                dll("plugin.dll", 0x20000, "helper.dll"), dll("helper.dll", 0x10000), dll("next.dll", 0x30000));
        SlotMap map = new SlotAllocator(CE3, catalog).run(List.of(
                new Step.Start("app.exe"),
                new Step.LoadLibrary("app.exe", "plugin.dll"),
                new Step.Unload("app.exe", "plugin.dll"),
                new Step.LoadLibrary("app.exe", "next.dll")));

        assertFalse(holds(map, "app.exe", "plugin.dll"));
        assertFalse(holds(map, "app.exe", "helper.dll"));
        assertEquals(0x01FC0000L, base(map, "app.exe", "next.dll"));
        assertEquals(0x01FC0000L, map.dllLow(), "DLL_LOW does not go back up");
    }

    @Test
    void unloadKeepsADllAnotherProcessStillUses() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("one.exe", "shared.dll"), exe("two.exe"), dll("shared.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).run(List.of(
                new Step.Start("one.exe"), new Step.Start("two.exe"),
                new Step.LoadLibrary("two.exe", "shared.dll"), new Step.Unload("two.exe", "shared.dll"),
                new Step.LoadLibrary("two.exe", "shared.dll")));

        assertEquals(0x01FF0000L, base(map, "two.exe", "shared.dll"));
        assertEquals(1, map.globalMap().size());
    }

    @Test
    void unloadingAnImplicitImportDoesNothing() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).run(List.of(new Step.Start("app.exe"), new Step.Unload("app.exe", "a.dll")));

        assertTrue(holds(map, "app.exe", "a.dll"));
    }

    // ---- the process side ----

    @Test
    void nonCeSubsystemGetsAFixed64KbStack() {
        CeModule app = CeModule.builder("app.exe").subsystem(2).sizeOfStackReserve(0x100000).build();
        assertEquals(0x10000L, app.mainThreadStackReserve(Device.PAGE_4K));
    }

    @Test
    void subsystemVersionBelow2Point2GetsAFixed64KbStack() {
        CeModule old = CeModule.builder("app.exe").subsystemVersion(2, 1).sizeOfStackReserve(0x100000).build();
        CeModule current = CeModule.builder("app.exe").subsystemVersion(2, 2).sizeOfStackReserve(0x100000).build();
        assertEquals(0x10000L, old.mainThreadStackReserve(Device.PAGE_4K));
        assertEquals(0x100000L, current.mainThreadStackReserve(Device.PAGE_4K));
    }

    @Test
    void stackReserveIsRoundedUpToAPage() {
        CeModule app = CeModule.builder("app.exe").sizeOfStackReserve(0x12345).build();
        assertEquals(0x13000L, app.mainThreadStackReserve(Device.PAGE_4K));
    }

    @Test
    void oneKbPageCpusHaveAn8KbMinimumStack() {
        CeModule app = CeModule.builder("app.exe").sizeOfStackReserve(0x100).build();
        assertEquals(0x2000L, app.mainThreadStackReserve(Device.PAGE_1K));
        assertEquals(0x4000L, app.mainThreadStackReserve(Device.PAGE_4K));
    }

    @Test
    void relocationStrippedExeLoadsAtItsImageBase() {
        CeModule app = CeModule.builder("app.exe").relocationsStripped(true).imageBase(0x00200000L).sizeOfImage(0x20000).build();
        SlotMap map = new SlotAllocator(CE3, InMemoryModuleCatalog.of(app)).start("app.exe");

        assertEquals(0x00200000L, allocation(map, "app.exe", Allocation.Kind.EXE).base());
        assertEquals(0x00010000L, allocation(map, "app.exe", Allocation.Kind.STACK).base());
    }

    @Test
    void relocationStrippedExeAbove0x400000IsRefusedWith193() {
        CeModule app = CeModule.builder("app.exe").relocationsStripped(true).imageBase(0x00410000L).build();
        ProcessMap p = process(new SlotAllocator(CE3, InMemoryModuleCatalog.of(app)).start("app.exe"), "app.exe");

        assertEquals(193, p.failures().get(0).error());
        assertTrue(p.allocations().isEmpty());
    }

    @Test
    void ce3LoadsImportsBeforeTheStackAndCe5TheStackBeforeImports() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000));
        List<RomDll> rom = List.of(RomDll.whole("coredll.dll", 0x00030000L, 0x01FD0000L));
        Device tight3 = CE3.withRomDlls(rom);
        Device tight5 = Device.bare("CE 5.0", 5).withRomDlls(rom);

        ProcessMap on3 = process(new SlotAllocator(tight3, catalog).start("app.exe"), "app.exe");
        ProcessMap on5 = process(new SlotAllocator(tight5, catalog).start("app.exe"), "app.exe");

        assertEquals("app.exe", on3.failures().get(0).module(), "CE 3.0: a.dll took block 2, the stack finds no room");
        assertEquals(14, on3.failures().get(0).error());
        assertEquals("a.dll", on5.failures().get(0).module(), "CE 5.0: the stack took block 2, a.dll cannot mirror");
        assertEquals(14, on5.failures().get(0).error());
        assertEquals(0x00020000L, on5.allocations().get(1).base());
    }

    @Test
    void heapSegmentIs384KbOnCe3And192KbOnCe5() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe"));
        AllocatorOptions heap = AllocatorOptions.defaults().withHeapSegment(true);
        SlotMap on3 = new SlotAllocator(CE3, catalog, heap).start("app.exe");
        SlotMap on5 = new SlotAllocator(Device.bare("CE 5.0", 5), catalog, heap).start("app.exe");

        Allocation heap3 = allocation(on3, "app.exe", Allocation.Kind.HEAP);
        Allocation heap5 = allocation(on5, "app.exe", Allocation.Kind.HEAP);
        assertEquals(384 * 1024L, heap3.size());
        assertEquals(6, heap3.blocks());
        assertEquals(0x00030000L, heap3.base());
        assertEquals(192 * 1024L, heap5.size());
        assertEquals(3, heap5.blocks());
    }

    @Test
    void topDownAllocationOnCe3BlocksALaterDllMirrorWith14() {
        Device device = CE3.withRomTop(0x01000000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("one.exe", "x.dll"), exe("two.exe"), dll("x.dll", 0x10000));
        SlotMap map = new SlotAllocator(device, catalog).run(List.of(
                new Step.Start("two.exe"),
                new Step.VirtualAlloc("two.exe", 0x10000, true),
                new Step.Start("one.exe"),
                new Step.LoadLibrary("two.exe", "x.dll")));

        Allocation topDown = allocation(map, "two.exe", Allocation.Kind.EXPLICIT_TOP_DOWN);
        assertEquals(0x01FF0000L, topDown.base());
        assertEquals(0x00FF0000L, base(map, "one.exe", "x.dll"));
        assertTrue(process(map, "two.exe").failures().isEmpty());
    }

    @Test
    void topDownAllocationOnCe3TakesTheBlocksTheNextDllWouldGet() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe"), dll("x.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).run(List.of(
                new Step.Start("app.exe"),
                new Step.VirtualAlloc("app.exe", 0x10000, true),
                new Step.LoadLibrary("app.exe", "x.dll")));

        LoadFailure failure = process(map, "app.exe").failures().get(0);
        assertEquals(14, failure.error());
        assertEquals("x.dll", failure.module());
        assertTrue(map.globalMap().isEmpty());
        assertEquals(0x01FF0000L, map.dllLow());
    }

    @Test
    void memTopDownIsIgnoredOnCe5() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe"));
        SlotMap map = new SlotAllocator(Device.bare("CE 5.0", 5), catalog).run(List.of(
                new Step.Start("app.exe"), new Step.VirtualAlloc("app.exe", 0x10000, true)));

        Allocation a = allocation(map, "app.exe", Allocation.Kind.EXPLICIT);
        assertEquals(0x00030000L, a.base());
    }

    @Test
    void aReservationOf2MbOrMoreGoesOutsideTheSlot() {
        SlotMap map = new SlotAllocator(CE3, InMemoryModuleCatalog.of(exe("app.exe"))).run(List.of(
                new Step.Start("app.exe"), new Step.VirtualAlloc("app.exe", 0x200000, false)));

        Allocation a = allocation(map, "app.exe", Allocation.Kind.EXPLICIT);
        assertFalse(a.insideSlot());
        assertEquals(0, a.blocks());
    }

    @Test
    void freeSpaceRunsFromTheTopOfTheBottomUpAllocationsToDllLow() {
        Device device = CE3.withRomTop(0x00AB0000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x18000));
        ProcessMap app = process(new SlotAllocator(device, catalog).start("app.exe"), "app.exe");

        assertEquals(0x00A90000L - 0x00030000L, app.freeBytes());
    }

    // ---- CE 4.x / 5.0 ----

    @Test
    void ce5PreReservesTheRwAreaOfSplitRomDllsInEveryProcess() {
        Device device = Device.bare("CE 5.0", 5).withRomDlls(List.of(
                new RomDll("coredll.dll", 0x01FFA000L, 0x6000, true, 0x03F00000L, 0x80000),
                new RomDll("ole32.dll", 0x01FF1000L, 0x9000, true, 0x03E00000L, 0x100000),
                RomDll.whole("oldstyle.dll", 0x01FD0000L, 0x20000)));
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000));
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        Allocation rw = allocation(map, "app.exe", Allocation.Kind.ROM_RW_AREA);
        assertEquals(0x01FF0000L, rw.base());
        assertEquals(1, rw.blocks());
        assertEquals(0x01FD0000L, map.romLow());
        assertEquals(0x01FC0000L, base(map, "app.exe", "a.dll"));
        assertEquals(List.of(Allocation.Kind.EXE, Allocation.Kind.ROM_RW_AREA, Allocation.Kind.STACK),
                process(map, "app.exe").allocations().stream().map(Allocation::kind).toList());
    }

    @Test
    void romFlags0x40PlacesADllAtItsFreeImageBaseBelowTheRom() {
        Device device = Device.bare("CE 5.0", 5).withRomTop(0x01000000L).withRomFlags(Device.KFLAG_HONOR_DLL_BASE);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "based.dll", "other.dll"),
                CeModule.builder("based.dll").imageBase(0x00800000L).sizeOfImage(0x20000).build(),
                CeModule.builder("other.dll").imageBase(0x10000000L).sizeOfImage(0x10000).build());
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x00800000L, base(map, "app.exe", "based.dll"));
        assertEquals(0x00FF0000L, base(map, "app.exe", "other.dll"));
        assertEquals(0x00800000L, map.dllLow());
    }

    @Test
    void romFlagsWithout0x40IgnoreTheImageBase() {
        Device device = Device.bare("CE 5.0", 5).withRomTop(0x01000000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "based.dll"),
                CeModule.builder("based.dll").imageBase(0x00800000L).sizeOfImage(0x20000).build());
        assertEquals(0x00FE0000L, base(new SlotAllocator(device, catalog).start("app.exe"), "app.exe", "based.dll"));
    }

    @Test
    void romFlags0x40FallsBackToTopDownWhenTheImageBaseIsTaken() {
        Device device = Device.bare("CE 5.0", 5).withRomTop(0x01000000L).withRomFlags(Device.KFLAG_HONOR_DLL_BASE);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "first.dll", "second.dll"),
                CeModule.builder("first.dll").imageBase(0x00800000L).build(),
                CeModule.builder("second.dll").imageBase(0x00800000L).build());
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x00800000L, base(map, "app.exe", "first.dll"));
        assertEquals(0x00FF0000L, base(map, "app.exe", "second.dll"));
    }

    // ---- CE 6.0 ----

    @Test
    void ce6PlacesDllsBottomUpAboveTheRomAndNeverClashesWithTheProcess() {
        Device device = Device.bare("CE 6.0", 6).withRomTop(0x40200000L);
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll", "b.dll"), dll("a.dll", 0x30000), dll("b.dll", 0x10000));
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x40200000L, base(map, "app.exe", "a.dll"));
        assertEquals(0x40230000L, base(map, "app.exe", "b.dll"));
        assertEquals(0x40000000L - 0x30000L, process(map, "app.exe").freeBytes());
    }

    @Test
    void ce6LoadsARelocationStrippedDllAtItsFreeImageBaseInTheRegion() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe"),
                CeModule.builder("fixed.dll").relocationsStripped(true).imageBase(0x41000000L).build(),
                CeModule.builder("stray.dll").relocationsStripped(true).imageBase(0x10000000L).build());
        SlotMap map = new SlotAllocator(Device.bare("CE 6.0", 6), catalog).run(List.of(new Step.Start("app.exe"),
                new Step.LoadLibrary("app.exe", "fixed.dll"), new Step.LoadLibrary("app.exe", "stray.dll")));

        assertEquals(0x41000000L, base(map, "app.exe", "fixed.dll"));
        assertEquals(193, process(map, "app.exe").failures().get(0).error());
    }

    // ---- totals and advice ----

    @Test
    void flagsAKbSectionSumThatDiffersFromSizeOfImageByMoreThanAPage() {
        CeModule odd = CeModule.builder("odd.dll").sizeOfImage(0x20000)
                .section(new CeSection(".text", 0x3000, 0x3000, 0x60000020L)).build();
        CeModule fine = CeModule.builder("fine.dll").sizeOfImage(0x5000)
                .section(new CeSection(".text", 0x3800, 0x3800, 0x60000020L)).build();

        assertEquals(0x4000L, odd.kbSectionSum());
        assertTrue(odd.kbSumDiffersFromSizeOfImage());
        assertEquals(0x5000L, fine.kbSectionSum());
        assertFalse(fine.kbSumDiffersFromSizeOfImage());
    }

    @Test
    void reportsWhatADelayLoadedDllWouldAddWhenFirstUsed() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(CeModule.builder("app.exe").delayImports("lazy.dll").build(),
                dll("lazy.dll", 0x20000, "lazyhelper.dll"), dll("lazyhelper.dll", 0x10000));
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        Advice delay = map.advice().stream().filter(a -> a.kind() == Advice.Kind.DELAY_LOAD_COST).findFirst().orElseThrow();
        assertEquals(3, delay.blocks());
        assertEquals(List.of("lazy.dll", "lazyhelper.dll"), delay.modules());
        assertTrue(map.globalMap().isEmpty());
    }

    @Test
    void isDeterministic() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "a.dll"), dll("a.dll", 0x10000, "b.dll"), dll("b.dll", 0x10000));
        SlotAllocator allocator = new SlotAllocator(CE3, catalog);
        assertEquals(allocator.start("app.exe"), allocator.start("app.exe"));
    }

    @Test
    void aChainOfTwentyThousandDllsIsWalkedWithoutADeepStackAndFailsWith14WhereTheRegionEnds() {
        // CE 6.0's region holds 8,192 blocks; each DLL imports the next, so the walk is 20,000 deep.
        List<CeModule> modules = new java.util.ArrayList<>();
        modules.add(CeModule.builder("app.exe").imports("d0.dll").build());
        for (int i = 0; i < 20_000; i++) {
            CeModule.Builder dll = CeModule.builder("d" + i + ".dll").sizeOfImage(0x1000);
            modules.add((i + 1 < 20_000 ? dll.imports("d" + (i + 1) + ".dll") : dll).build());
        }
        SlotMap map = new SlotAllocator(Device.bare("ce6", 6), new InMemoryModuleCatalog(modules),
                AllocatorOptions.defaults().withRollback(false)).start("app.exe");

        ProcessMap app = map.processes().get(0);
        assertEquals(8192, app.modules().stream().filter(m -> !m.rom()).count());
        assertEquals("d8192.dll", app.failures().get(0).module());
        assertEquals(14, app.failures().get(0).error());
    }
}
