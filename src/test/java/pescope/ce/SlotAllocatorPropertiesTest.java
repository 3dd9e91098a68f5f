package pescope.ce;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator against {@link NaiveSlotModel} and its invariants, on random devices and module graphs. */
class SlotAllocatorPropertiesTest {
    private static final long B = SlotAllocator.BLOCK;

    /** One random situation: a device, a catalog, options and the steps. */
    record Scenario(Device device, List<CeModule> modules, AllocatorOptions options, List<Step> steps) {
        SlotMap run() {
            return new SlotAllocator(device, new InMemoryModuleCatalog(modules), options).run(steps);
        }

        SlotMap runPrefix(int n) {
            return new SlotAllocator(device, new InMemoryModuleCatalog(modules), options).run(steps.subList(0, n));
        }
    }

    @Property(tries = 3000)
    void agreesWithTheNaiveModelOnBasesAndFailures(@ForAll long seed) {
        Scenario s = scenario(new Random(seed));
        SlotMap actual = s.run();
        NaiveSlotModel.Outcome expected = new NaiveSlotModel(s.device(), s.modules(), s.options()).run(s.steps());

        String context = "seed " + seed;
        assertEquals(expected.dllLow(), actual.dllLow(), context);
        Map<String, Long> global = new HashMap<>();
        actual.globalMap().stream().filter(e -> e.origin() != GlobalEntry.Origin.ROM).forEach(e -> global.put(e.module(), e.base()));
        assertEquals(expected.global(), global, context);
        assertEquals(expected.processes().size(), actual.processes().size(), context);
        for (int i = 0; i < actual.processes().size(); i++) {
            ProcessMap p = actual.processes().get(i);
            NaiveSlotModel.Proc q = expected.processes().get(i);
            Map<String, Long> bases = new HashMap<>();
            p.modules().forEach(m -> bases.put(m.name(), m.base()));
            assertEquals(q.bases(), bases, context + " process " + p.root());
            assertEquals(q.failures(), p.failures().stream().map(f -> f.module() + " " + f.error()).toList(), context + " " + p.root());
            assertEquals(q.allocationBases(), p.allocations().stream().map(Allocation::base).toList(), context + " " + p.root());
        }
    }

    @Property(tries = 1500)
    void globalReservationsNeverOverlapAndAreBlockAlignedInsideTheDllSpace(@ForAll long seed) {
        SlotMap map = scenario(new Random(seed)).run();
        List<GlobalEntry> entries = map.globalMap().stream().filter(e -> e.origin() != GlobalEntry.Origin.ROM).toList();
        for (GlobalEntry e : entries) {
            assertEquals(0, e.base() % B, "seed " + seed);
            long low = map.ceVersion() == 6 ? SlotAllocator.CE6_DLL_REGION_BASE : B;
            assertTrue(e.base() >= low && e.end() <= map.dllSpaceTop(), "seed " + seed + " " + e);
            for (GlobalEntry f : entries) {
                assertTrue(e == f || e.end() <= f.base() || f.end() <= e.base(), "seed " + seed + " " + e + " overlaps " + f);
            }
        }
    }

    @Property(tries = 1500)
    void everyProcessSeesADllAtTheSameBase(@ForAll long seed) {
        SlotMap map = scenario(new Random(seed)).run();
        Map<String, Long> global = new HashMap<>();
        map.globalMap().forEach(e -> global.put(e.module(), e.base()));
        for (ProcessMap p : map.processes()) {
            for (PlacedModule m : p.modules()) {
                if (!m.rom()) {
                    assertEquals(global.get(m.name()), m.base(), "seed " + seed + " " + p.root() + " " + m.name());
                }
            }
        }
    }

    @Property(tries = 1500)
    void aProcessNeverHoldsTwoThingsInTheSameBlock(@ForAll long seed) {
        SlotMap map = scenario(new Random(seed)).run();
        if (map.ceVersion() == 6) {
            return;
        }
        for (ProcessMap p : map.processes()) {
            List<long[]> ranges = new ArrayList<>();
            p.modules().stream().filter(m -> !m.rom()).forEach(m -> ranges.add(new long[]{m.base(), m.end()}));
            p.allocations().stream().filter(a -> a.insideSlot() && a.kind() != Allocation.Kind.PRESENT)
                    .forEach(a -> ranges.add(new long[]{a.base(), a.end()}));
            for (int i = 0; i < ranges.size(); i++) {
                for (int j = i + 1; j < ranges.size(); j++) {
                    long[] a = ranges.get(i);
                    long[] b = ranges.get(j);
                    assertTrue(a[1] <= b[0] || b[1] <= a[0], "seed " + seed + " overlap in " + p.root());
                }
            }
        }
    }

    @Property(tries = 400)
    void dllLowNeverRises(@ForAll long seed) {
        Scenario s = scenario(new Random(seed));
        long previous = Long.MAX_VALUE;
        for (int n = 0; n <= s.steps().size(); n++) {
            long dllLow = s.runPrefix(n).dllLow();
            assertTrue(dllLow <= previous, "seed " + seed + " step " + n);
            previous = dllLow;
        }
    }

    @Property(tries = 500)
    void isDeterministic(@ForAll long seed) {
        Scenario s = scenario(new Random(seed));
        assertEquals(s.run(), s.run());
    }

    // ---- random scenarios ----

    static Scenario scenario(Random r) {
        int ce = new int[]{3, 5, 6}[r.nextInt(3)];
        boolean slots = ce != 6;
        Device device = Device.bare("random", ce);
        long romLow = slots ? SlotAllocator.SLOT_SIZE : SlotAllocator.CE6_DLL_REGION_BASE;
        List<RomDll> rom = new ArrayList<>();
        if (r.nextInt(5) > 0) {
            long edge = slots ? (8 + r.nextInt(505)) * B : SlotAllocator.CE6_DLL_REGION_BASE + (1 + r.nextInt(8)) * B;
            rom.add(slots ? RomDll.whole("(rom)", edge, SlotAllocator.SLOT_SIZE - edge)
                    : RomDll.whole("(rom)", SlotAllocator.CE6_DLL_REGION_BASE, edge - SlotAllocator.CE6_DLL_REGION_BASE));
            romLow = slots ? edge : romLow;
        }
        if (ce == 5 && r.nextInt(3) == 0) {
            long rwBase = SlotAllocator.SLOT_SIZE - (1 + r.nextInt(40)) * 0x1000;
            rom.add(new RomDll("rw.dll", rwBase, SlotAllocator.SLOT_SIZE - rwBase, true, 0x03F00000L, 0x10000));
            romLow = Math.min(romLow, rwBase / B * B);
        }
        device = device.withRomDlls(rom);
        if (ce == 5 && r.nextBoolean()) {
            device = device.withRomFlags(Device.KFLAG_HONOR_DLL_BASE);
        }
        long spaceLow = slots ? B : romLow == SlotAllocator.CE6_DLL_REGION_BASE && rom.isEmpty() ? romLow : rom.get(0).end();
        long spaceHigh = slots ? romLow : SlotAllocator.CE6_DLL_REGION_BASE + 64 * B;

        List<LoadedDll> loaded = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            long blocks = 1 + r.nextInt(3);
            long slots0 = (spaceHigh - spaceLow) / B - blocks;
            if (slots0 <= 0) {
                break;
            }
            long base = spaceLow + r.nextInt((int) slots0 + 1) * B;
            if (taken.stream().anyMatch(t -> base < t[1] && t[0] < base + blocks * B)) {
                continue;
            }
            taken.add(new long[]{base, base + blocks * B});
            loaded.add(new LoadedDll("pre" + i + ".dll", base, blocks * B - r.nextInt(0x8000)));
        }
        device = device.withLoaded(loaded);

        int dllCount = 1 + r.nextInt(10);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dllCount; i++) {
            names.add("d" + i + ".dll");
        }
        List<String> importable = new ArrayList<>(names);
        loaded.forEach(l -> importable.add(l.name()));
        List<CeModule> modules = new ArrayList<>();
        for (String name : names) {
            CeModule.Builder b = CeModule.builder(name).sizeOfImage(0x1000 + r.nextInt(0x50000));
            List<String> imports = randomImports(r, importable, 3);
            b.imports(imports);
            int roll = r.nextInt(100);
            if (roll < 5) {
                b.relocationsStripped(true);
            } else if (roll < 8) {
                b.dll(false);
            } else if (roll < 13 && !imports.isEmpty()) {
                b.unresolved(imports.get(r.nextInt(imports.size())), "Missing");
            }
            if (r.nextInt(10) < 3) {
                long low = slots ? B : SlotAllocator.CE6_DLL_REGION_BASE;
                b.imageBase(low + r.nextInt(slots ? 511 : 80) * B);
            }
            modules.add(b.build());
        }

        List<Step> steps = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<ProcessAllocation> heaps = new ArrayList<>();
        int roots = 1 + r.nextInt(3);
        for (int i = 0; i < roots; i++) {
            String root;
            if (r.nextInt(4) == 0) {
                root = names.get(r.nextInt(names.size()));
                if (started.contains(root)) {
                    continue;
                }
            } else {
                root = "e" + i + ".exe";
                modules.add(CeModule.builder(root).sizeOfImage(0x1000 + r.nextInt(0x40000))
                        .sizeOfStackReserve(r.nextInt(0x120000)).subsystem(r.nextInt(8) == 0 ? 2 : 9)
                        .subsystemVersion(2 + r.nextInt(3), r.nextInt(30))
                        .imports(randomImports(r, importable, 4)).build());
                if (slots && r.nextInt(3) == 0) {
                    heaps.add(new ProcessAllocation(root, (0x10 + r.nextInt(0x1E0)) * B, (1 + r.nextInt(6)) * B - r.nextInt(0x100), "heap"));
                }
            }
            steps.add(new Step.Start(root));
            started.add(root);
            for (int k = 0, extra = r.nextInt(3); k < extra; k++) {
                steps.add(randomStep(r, started, names));
            }
        }
        device = device.withProcessAllocations(heaps);
        AllocatorOptions options = new AllocatorOptions(
                r.nextBoolean() ? AllocatorOptions.Order.PRE_ORDER : AllocatorOptions.Order.POST_ORDER,
                r.nextInt(4) > 0, false);
        return new Scenario(device, modules, options, steps);
    }

    private static Step randomStep(Random r, List<String> started, List<String> names) {
        String process = started.get(r.nextInt(started.size()));
        return switch (r.nextInt(4)) {
            case 0 -> new Step.LoadLibrary(process, r.nextInt(10) == 0 ? "nowhere.dll" : names.get(r.nextInt(names.size())));
            case 1 -> new Step.Unload(process, names.get(r.nextInt(names.size())));
            case 2 -> new Step.VirtualAlloc(process, 1 + r.nextInt(r.nextInt(8) == 0 ? 0x300000 : 0x60000), r.nextBoolean());
            default -> new Step.LoadLibrary(process, names.get(r.nextInt(names.size())));
        };
    }

    private static List<String> randomImports(Random r, List<String> importable, int max) {
        List<String> out = new ArrayList<>();
        for (int i = 0, n = r.nextInt(max + 1); i < n; i++) {
            out.add(r.nextInt(20) == 0 ? "missing.dll" : importable.get(r.nextInt(importable.size())));
        }
        return out;
    }
}
