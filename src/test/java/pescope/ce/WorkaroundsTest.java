package pescope.ce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KB326163's workarounds, each on a scenario where it is the one that helps and on one where it
 * does not. Every address is worked out by hand from docs/ce-loader.md on a device with no ROM DLLs
 * (T = 0x02000000; coredll taken to be in ROM, so it costs no blocks):
 * an EXE of one block sits at 0x00010000 (§3 step 13), its 64 KB main stack at 0x00020000 (step 14),
 * so a heap starts at 0x00030000; DLLs go top-down from block 511 (0x01FF0000, step 7).
 */
class WorkaroundsTest {
    private static final long K64 = 0x10000;
    private static final Device CE3 = Device.bare("no ROM, CE 3.0", 3);
    private static final Device CE5 = Device.bare("no ROM, CE 5.0", 5);

    // ---- MEM_TOP_DOWN (KB303444) ----

    /**
     * a.exe puts x.dll at 0x01FF0000. b.exe's VirtualAlloc(0x30000, MEM_TOP_DOWN) scans b's table
     * from block 511 down: b never loaded x, so it gets blocks 509-511, 0x01FD0000. y.dll (2 blocks)
     * is offered 0x01FD0000-0x01FF0000 by the global map (block 511 is x's), but block 509 is the
     * allocation in b: error 14.
     */
    private static Scenario topDownScenario(Device device) {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("a.exe", "x.dll"), exe("b.exe"),
                dll("x.dll", K64), dll("y.dll", 0x20000));
        return new Scenario(device, catalog, AllocatorOptions.defaults(), List.of(
                new Step.Start("a.exe"), new Step.Start("b.exe"),
                new Step.VirtualAlloc("b.exe", 0x30000, true), new Step.LoadLibrary("b.exe", "y.dll")));
    }

    @Test
    void topDownAllocationOnCe3TakesTheTopOfTheSlotAndMakesALaterRamDllFailWith14() {
        SlotMap map = topDownScenario(CE3).run();

        ProcessMap b = process(map, "b.exe");
        Allocation topDown = allocation(b, Allocation.Kind.EXPLICIT_TOP_DOWN);
        assertEquals(0x01FD0000L, topDown.base());
        assertEquals(3, topDown.blocks());
        assertEquals(List.of("y.dll"), topDown.blocksLoads());
        assertEquals(1, b.failures().size());
        assertEquals("y.dll", b.failures().get(0).module());
        assertEquals(14, b.failures().get(0).error());
        assertEquals("VirtualAlloc(0x30000, MEM_TOP_DOWN)", b.failures().get(0).blockedBy());
    }

    @Test
    void sameCallOnCe5AllocatesBottomUpAndTheLoadSucceeds() {
        SlotMap map = topDownScenario(CE5).run();

        ProcessMap b = process(map, "b.exe");
        // CE 5.0 strips MEM_TOP_DOWN: bottom-up after the EXE (0x00010000) and the stack (0x00020000).
        Allocation alloc = allocation(b, Allocation.Kind.EXPLICIT);
        assertEquals(0x00030000L, alloc.base());
        assertTrue(b.failures().isEmpty());
        assertEquals(0x01FD0000L, module(b, "y.dll").base());
    }

    @Test
    void topDownAllocationOnCe3BlocksTheMirrorOfADllAnotherProcessPlacedAtTheTopOfTheDllArea() {
        // x.dll is at 0x01FF0000, right below the ROM edge; b's 64 KB top-down region takes the same block.
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("a.exe", "x.dll"), exe("b.exe"), dll("x.dll", K64));
        SlotMap map = new Scenario(CE3, catalog, AllocatorOptions.defaults(), List.of(
                new Step.Start("a.exe"), new Step.Start("b.exe"),
                new Step.VirtualAlloc("b.exe", K64, true), new Step.LoadLibrary("b.exe", "x.dll"))).run();

        ProcessMap b = process(map, "b.exe");
        assertEquals(0x01FF0000L, allocation(b, Allocation.Kind.EXPLICIT_TOP_DOWN).base());
        assertEquals("x.dll", b.failures().get(0).module());
        assertEquals(14, b.failures().get(0).error());
    }

    @Test
    void topDownAllocationOnCe3BlocksTheMirrorOfAnXipRomDllTheProcessLoadsLater() {
        // ROM DLL rom.dll at 0x01F00000-0x02000000. b.exe never loaded it, so its table shows the
        // top block free: the 64 KB top-down region lands at 0x01FF0000, inside rom.dll's range.
        Device device = CE3.withRomDlls(List.of(RomDll.whole("rom.dll", 0x01F00000L, 0x100000)));
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("b.exe"));
        SlotMap map = new Scenario(device, catalog, AllocatorOptions.defaults(), List.of(new Step.Start("b.exe"),
                new Step.VirtualAlloc("b.exe", K64, true), new Step.LoadLibrary("b.exe", "rom.dll"))).run();

        ProcessMap b = process(map, "b.exe");
        assertEquals(0x01FF0000L, allocation(b, Allocation.Kind.EXPLICIT_TOP_DOWN).base());
        assertEquals("rom.dll", b.failures().get(0).module());
        assertEquals(14, b.failures().get(0).error());

        // On CE 5.0 the same call is bottom-up (after the EXE and the stack) and rom.dll maps.
        SlotMap on5 = new Scenario(device.withCeVersion(5), catalog, AllocatorOptions.defaults(), List.of(new Step.Start("b.exe"),
                new Step.VirtualAlloc("b.exe", K64, true), new Step.LoadLibrary("b.exe", "rom.dll"))).run();
        assertEquals(0x00030000L, allocation(process(on5, "b.exe"), Allocation.Kind.EXPLICIT).base());
        assertTrue(process(on5, "b.exe").failures().isEmpty());
    }

    @Test
    void withoutMemTopDownHelpsWhenTheTopDownRegionIsWhatBlocksTheLoad() {
        Advice advice = advice(Workarounds.evaluate(topDownScenario(CE3)), Advice.Kind.TOP_DOWN);

        assertTrue(advice.helps());
        assertEquals(3, advice.blocks());
        assertEquals(List.of("y.dll"), advice.modules());
        Outcome without = advice.outcomes().get(0);
        assertEquals(0, without.failures());
        assertEquals(0x01FD0000L, without.dllLow());
        assertTrue(advice.text().contains("takes 0x01FD0000-0x02000000 (3 blocks)"), advice.text());
    }

    @Test
    void withoutMemTopDownDoesNotHelpWhenTheFailureHasAnotherCause() {
        // The top-down block (0x01FF0000) blocks nothing; the load fails because the file is missing.
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("b.exe"));
        Scenario scenario = new Scenario(CE3, catalog, AllocatorOptions.defaults(), List.of(new Step.Start("b.exe"),
                new Step.VirtualAlloc("b.exe", K64, true), new Step.LoadLibrary("b.exe", "gone.dll")));
        Advice advice = advice(Workarounds.evaluate(scenario), Advice.Kind.TOP_DOWN);

        assertFalse(advice.helps());
        assertTrue(advice.text().contains("no load fails because of it"), advice.text());
        assertEquals(1, advice.outcomes().get(0).failures());
    }

    @Test
    void withoutMemTopDownOnCe5SaysTheFlagIsStripped() {
        Advice advice = advice(Workarounds.evaluate(topDownScenario(CE5)), Advice.Kind.TOP_DOWN);

        assertFalse(advice.helps());
        assertTrue(advice.text().contains("strips MEM_TOP_DOWN"), advice.text());
    }

    // ---- merge small DLLs ----

    /**
     * app.exe imports s1..s4 (0x4000 each, one block each): 0x01FF0000, 0x01FE0000, 0x01FD0000,
     * 0x01FC0000. The heap fills 0x00030000-0x01FC0000 (505 blocks). big.dll is then offered the
     * blocks below 0x01FC0000, which are the heap's: error 14. Merged, the four take one block
     * (0x01FF0000) and big.dll is offered 0x01FE0000, free in the process.
     */
    private static Scenario mergeScenario(long bigSize) {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "s1.dll", "s2.dll", "s3.dll", "s4.dll"),
                dll("s1.dll", 0x4000), dll("s2.dll", 0x4000), dll("s3.dll", 0x4000), dll("s4.dll", 0x4000),
                dll("big.dll", bigSize));
        return new Scenario(CE3, catalog, AllocatorOptions.defaults(), List.of(new Step.Start("app.exe"),
                new Step.Heap("app.exe", 0x01FC0000L - 0x00030000L), new Step.LoadLibrary("app.exe", "big.dll")));
    }

    @Test
    void mergingSmallDllsHelpsWhenTheBlocksItSavesMakeRoomForTheFailingLoad() {
        SlotMap map = Workarounds.evaluate(mergeScenario(K64));
        assertEquals(14, process(map, "app.exe").failures().get(0).error());
        // §3 step 9: big.dll's reservation at 0x01FB0000 is released, but DLL_LOW stays where it went.
        assertEquals(0x01FB0000L, map.dllLow());

        Advice merge = advice(map, Advice.Kind.MERGE_SMALL_DLLS);
        assertTrue(merge.helps());
        assertEquals(List.of("s1.dll", "s2.dll", "s3.dll", "s4.dll"), merge.modules());
        assertEquals(3, merge.blocks());
        Outcome merged = merge.outcomes().get(0);
        assertEquals(0, merged.failures());
        assertEquals(0x01FE0000L, merged.dllLow());
    }

    @Test
    void mergingSmallDllsDoesNotHelpWhenTheFailingDllNeedsMoreThanItSaves() {
        // big.dll of 5 blocks: merged it is offered 0x01FA0000-0x01FF0000, still over the heap's top block.
        Advice merge = advice(Workarounds.evaluate(mergeScenario(0x50000)), Advice.Kind.MERGE_SMALL_DLLS);

        assertFalse(merge.helps());
        assertEquals(3, merge.blocks());
        assertEquals(List.of("big.dll"), merge.outcomes().get(0).processes().get(0).failedLoads());
    }

    // ---- split into processes ----

    /**
     * app.exe imports a.dll and b.dll (64 blocks each): a at 0x01C00000, b at 0x01800000. Its heap
     * fills 0x00030000-0x01600000; c.dll (64 blocks) is offered 0x01400000-0x01800000, the heap's:
     * error 14.
     */
    private static Scenario splitScenario(boolean withC) {
        List<CeModule> modules = new java.util.ArrayList<>(List.of(exe("app.exe", "a.dll", "b.dll"),
                dll("a.dll", 0x400000), dll("b.dll", 0x400000)));
        if (withC) {
            modules.add(dll("c.dll", 0x400000));
        }
        return new Scenario(CE3, new InMemoryModuleCatalog(modules), AllocatorOptions.defaults(), List.of(
                new Step.Start("app.exe"), new Step.Heap("app.exe", 0x01600000L - 0x00030000L),
                new Step.LoadLibrary("app.exe", "c.dll")));
    }

    @Test
    void splittingMovesTheFewestDllsThatMakeBothProcessesLoadOneAfterTheOtherButNotAtOnce() {
        SlotMap map = Workarounds.evaluate(splitScenario(true));
        LoadFailure c = process(map, "app.exe").failures().get(0);
        assertEquals(14, c.error());
        assertTrue(c.reason().contains("offered 0x01400000-0x01800000"), c.reason());

        Advice split = advice(map, Advice.Kind.SPLIT_PROCESS);
        assertTrue(split.helps());
        // Moving a.dll: app.exe alone has b at 0x01C00000 and c at 0x01800000, above its heap.
        assertEquals(List.of("a.dll"), split.modules());
        Outcome firstAlone = split.outcomes().get(0);
        Outcome secondAlone = split.outcomes().get(1);
        Outcome together = split.outcomes().get(2);
        assertEquals(0x01800000L, firstAlone.dllLow());
        assertEquals(0, firstAlone.failures());
        assertEquals(0x01C00000L, secondAlone.dllLow());
        assertEquals("app.part2.exe", secondAlone.processes().get(0).process());
        // At once, the second process's a.dll takes 0x01800000 in the shared map: c is offered 0x01400000 again.
        assertEquals(List.of("c.dll"), together.processes().get(0).failedLoads());
        assertTrue(split.text().contains("still fail"), split.text());
    }

    @Test
    void splittingHelpsItsProcessEvenWhenAnotherProcessFailsForItsOwnReason() {
        Scenario given = splitScenario(true);
        List<CeModule> modules = new java.util.ArrayList<>(((InMemoryModuleCatalog) given.catalog()).modules());
        modules.add(exe("z.exe", "gone.dll"));
        List<Step> steps = new java.util.ArrayList<>(given.steps());
        steps.add(new Step.Start("z.exe"));
        SlotMap map = Workarounds.evaluate(given.withCatalog(new InMemoryModuleCatalog(modules)).withSteps(steps));

        Advice split = map.advice().stream()
                .filter(a -> a.kind() == Advice.Kind.SPLIT_PROCESS && a.process().equals("app.exe")).findFirst().orElseThrow();
        assertTrue(split.helps());
        assertEquals(List.of("a.dll"), split.modules());
    }

    @Test
    void splittingDoesNotHelpAMissingDll() {
        Advice split = advice(Workarounds.evaluate(splitScenario(false)), Advice.Kind.SPLIT_PROCESS);

        assertFalse(split.helps());
        assertTrue(split.text().startsWith("no split of app.exe's 3 DLLs"), split.text());
    }

    // ---- load essentials first ----

    /**
     * a.exe's heap fills 0x00030000 up to {@code heapTop}; b.exe then loads big.dll (64 blocks) at
     * 0x01C00000; a.exe's later LoadLibrary(x.dll) is offered the blocks below 0x01C00000.
     */
    private static Scenario lateLoadScenario(long heapTop, long xSize) {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("a.exe"), exe("b.exe", "big.dll"),
                dll("big.dll", 0x400000), dll("x.dll", xSize));
        return new Scenario(CE3, catalog, AllocatorOptions.defaults(), List.of(
                new Step.Start("a.exe"), new Step.Heap("a.exe", heapTop - 0x00030000L),
                new Step.Start("b.exe"), new Step.LoadLibrary("a.exe", "x.dll")));
    }

    @Test
    void loadingEssentialsFirstHelpsWhenAnotherProcessPushedDllLowIntoTheHeap() {
        SlotMap map = Workarounds.evaluate(lateLoadScenario(0x01C00000L, K64));
        // x.dll offered 0x01BF0000: the top block of a.exe's heap.
        assertEquals(14, process(map, "a.exe").failures().get(0).error());

        Advice early = advice(map, Advice.Kind.LOAD_ESSENTIALS_FIRST);
        assertTrue(early.helps());
        assertEquals(List.of("x.dll"), early.modules());
        // Loaded first, x takes 0x01FF0000 and big.dll goes below it, at 0x01BF0000.
        assertEquals(0x01BF0000L, early.outcomes().get(0).dllLow());
        assertEquals(0, early.outcomes().get(0).failures());
    }

    @Test
    void loadingEssentialsFirstDoesNotHelpWhenTheHeapThenHasNoRoom() {
        // Heap up to 0x01FF0000 and x of 2 blocks: loaded first, x takes 0x01FE0000 and the heap no longer fits.
        Advice early = advice(Workarounds.evaluate(lateLoadScenario(0x01FF0000L, 0x20000)), Advice.Kind.LOAD_ESSENTIALS_FIRST);

        assertFalse(early.helps());
        assertEquals(1, early.outcomes().get(0).failures());
    }

    // ---- less heap ----

    @Test
    void lessHeapFindsTheSmallestReductionThatLetsTheLoadSucceed() {
        Advice less = advice(Workarounds.evaluate(lateLoadScenario(0x01C00000L, K64)), Advice.Kind.LESS_HEAP);

        assertTrue(less.helps());
        // One block less: the heap ends at 0x01BF0000 and x.dll takes 0x01BF0000.
        assertEquals(1, less.blocks());
        assertTrue(less.text().startsWith("a heap of 28416 KB instead of 28480 KB (64 KB less"), less.text());
        assertEquals(0, less.outcomes().get(0).failures());
    }

    @Test
    void lessHeapDoesNotHelpWhenATopDownAllocationIsWhatBlocks() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("a.exe", "x.dll"), exe("b.exe"),
                dll("x.dll", K64), dll("y.dll", 0x20000));
        Scenario scenario = new Scenario(CE3, catalog, AllocatorOptions.defaults(), List.of(
                new Step.Start("a.exe"), new Step.Start("b.exe"), new Step.Heap("b.exe", K64),
                new Step.VirtualAlloc("b.exe", 0x30000, true), new Step.LoadLibrary("b.exe", "y.dll")));
        SlotMap map = Workarounds.evaluate(scenario);

        Advice less = advice(map, Advice.Kind.LESS_HEAP);
        assertFalse(less.helps());
        assertTrue(less.text().startsWith("a smaller heap does not help"), less.text());
        assertTrue(advice(map, Advice.Kind.TOP_DOWN).helps());
    }

    @Test
    void aDamagedDllIsRefusedWith193AndNotPlaced() {
        ModuleCatalog catalog = InMemoryModuleCatalog.of(exe("app.exe", "cut.dll"),
                CeModule.builder("cut.dll").sizeOfImage(K64).damage("SECTION_RAW_DATA_PAST_EOF: cut short").build());
        SlotMap map = new SlotAllocator(CE3, catalog).start("app.exe");

        LoadFailure failure = process(map, "app.exe").failures().get(0);
        assertEquals("cut.dll", failure.module());
        assertEquals(193, failure.error());
        assertTrue(failure.reason().contains("damaged"), failure.reason());
        assertNull(failure.blockedBy());
        assertTrue(map.globalMap().isEmpty());
    }

    // ---- helpers ----

    private static CeModule exe(String name, String... imports) {
        return CeModule.builder(name).imports(imports).build();
    }

    private static CeModule dll(String name, long size) {
        return CeModule.builder(name).sizeOfImage(size).build();
    }

    private static ProcessMap process(SlotMap map, String name) {
        return map.processes().stream().filter(p -> p.root().equals(name)).findFirst().orElseThrow();
    }

    private static Allocation allocation(ProcessMap p, Allocation.Kind kind) {
        return p.allocations().stream().filter(a -> a.kind() == kind).findFirst().orElseThrow();
    }

    private static PlacedModule module(ProcessMap p, String name) {
        return p.modules().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static Advice advice(SlotMap map, Advice.Kind kind) {
        return map.advice().stream().filter(a -> a.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " advice in " + map.advice()));
    }
}
