package pescope.ce;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Places modules the way the Windows CE loader does (ce-loader.md): one global map of DLL
 * reservations, one map per process, top-down first fit, pre-order reservation, mirroring with
 * error 14 on a clash, and the process side (EXE, stacks, heaps) in each version's order.
 * Holds no state between runs: every {@link #run} starts from the device's boot state.
 */
public final class SlotAllocator {
    /** ce-loader.md §1: the reservation granule. */
    public static final long BLOCK = 0x10000;
    /** ce-loader.md §1: one process slot on CE 5.0 and older. */
    public static final long SLOT_SIZE = 0x02000000L;
    /** ce-loader.md §1: blocks per slot; block 0 is never handed out. */
    public static final int BLOCKS_PER_SLOT = 512;
    /** ce-loader.md §1: where every EXE is loaded. */
    public static final long EXE_BASE = 0x00010000L;
    /** ce-loader.md §1: a relocation-stripped EXE's ImageBase must lie in EXE_BASE..this. */
    public static final long STRIPPED_EXE_HIGHEST_BASE = 0x00400000L;
    /** ce-loader.md §5: CE 6.0's shared DLL region. */
    public static final long CE6_DLL_REGION_BASE = 0x40000000L;
    /** ce-loader.md §5: end of CE 6.0's shared DLL region (exclusive). */
    public static final long CE6_DLL_REGION_END = 0x60000000L;
    /** ce-loader.md §5: a CE 6.0 process's own space, modelled as everything below the shared DLL region. */
    public static final long CE6_PROCESS_SPACE_TOP = CE6_DLL_REGION_BASE;
    /** ce-loader.md §3 step 14: a reservation this large with no address goes outside the slot. */
    public static final long OUTSIDE_SLOT_THRESHOLD = 0x200000;
    /** ce-loader.md §3 step 14: a heap segment on CE 3.0. */
    public static final long CE3_HEAP_SEGMENT = 384 * 1024;
    /** ce-loader.md §3 step 14: a heap segment on CE 4.x/5.0 (also used for CE 6.0). */
    public static final long CE5_HEAP_SEGMENT = 192 * 1024;
    /** ce-loader.md §3 step 5: always present, loaded at boot. */
    public static final String COREDLL = "coredll.dll";
    /** The sentence that CE 6.0 results carry (ce-loader.md §5). */
    public static final String CE6_NOTE = "CE 6.0 has no process slots: each process has 2 GB of its own and DLLs share "
            + "one 512 MB region (0x40000000-0x5FFFFFFF), so the 32 MB slot pressure (the \"DLL crunch\") no longer applies.";

    private static final String KERNEL = "kernel";
    private static final String LOAD_LIBRARY = "LoadLibrary";
    private static final String PRELOADED_USER = "(other processes)";

    private final Device device;
    private final ModuleCatalog catalog;
    private final AllocatorOptions options;

    public SlotAllocator(Device device, ModuleCatalog catalog, AllocatorOptions options) {
        this.device = device;
        this.catalog = catalog;
        this.options = options;
    }

    public SlotAllocator(Device device, ModuleCatalog catalog) {
        this(device, catalog, AllocatorOptions.defaults());
    }

    /** Starts one process per root, in order. */
    public SlotMap start(String... roots) {
        List<Step> steps = new ArrayList<>();
        for (String root : roots) {
            steps.add(new Step.Start(root));
        }
        return run(steps);
    }

    /** Boots the device and carries out the steps in order. */
    public SlotMap run(List<Step> steps) {
        Run run = new Run();
        for (Step step : steps) {
            run.perform(step);
        }
        return run.result();
    }

    /** Blocks a module of this size reserves: ceil(size / 64 KB), at least one (ce-loader.md §2). */
    public static int blocksFor(long size) {
        return (int) Math.max(1, (size + BLOCK - 1) / BLOCK);
    }

    // ---- one run -----------------------------------------------------------------------------

    /** A DLL with a base in the global map (or a ROM DLL known by name only). */
    private static final class Dll {
        final String key;
        final String name;
        final String path;
        final long base;
        final long sizeOfImage;
        final int blocks;
        final GlobalEntry.Origin origin;
        final boolean mirrored;
        final CeModule module;
        final Set<String> users = new LinkedHashSet<>();

        Dll(String key, String name, String path, long base, long sizeOfImage, int blocks, GlobalEntry.Origin origin,
            boolean mirrored, CeModule module) {
            this.key = key;
            this.name = name;
            this.path = path;
            this.base = base;
            this.sizeOfImage = sizeOfImage;
            this.blocks = blocks;
            this.origin = origin;
            this.mirrored = mirrored;
            this.module = module;
        }

        boolean rom() {
            return origin == GlobalEntry.Origin.ROM;
        }
    }

    /** A DLL as one process holds it. */
    private record Held(Dll dll, String loadedBy, boolean reservedHere) {}

    private final class Process {
        final String name;
        final BlockMap map;
        final Map<String, Held> held = new LinkedHashMap<>();
        final List<Allocation> allocations = new ArrayList<>();
        final List<LoadFailure> failures = new ArrayList<>();
        /** For each allocation (by index), the loads that failed because their range met it. */
        final Map<Integer, List<String>> blockedLoads = new LinkedHashMap<>();
        /** What keeps DLLs loaded for good: coredll, the EXE's imports, what a failed load leaked. */
        final List<String> roots = new ArrayList<>();
        /** LoadLibrary calls not yet matched by FreeLibrary (a multiset). */
        final List<String> loadLibraryCalls = new ArrayList<>();
        CeModule exe;
        long dllLowAfterStart;

        Process(String name, BlockMap map) {
            this.name = name;
            this.map = map;
        }
    }

    /** What one top-level load did, so that it can be rolled back. */
    private static final class Load {
        final List<String> added = new ArrayList<>();
        final List<Dll> reserved = new ArrayList<>();
        final Set<String> entered = new HashSet<>();
    }

    /** Thrown inside one top-level load to unwind it; never escapes the allocator. */
    private static final class LoadFailed extends Exception {
        final LoadFailure failure;

        LoadFailed(LoadFailure failure) {
            super(failure.reason(), null, false, false);
            this.failure = failure;
        }
    }

    private final class Run {
        final CeVersion version = device.version();
        final BlockMap global;
        final Map<String, Dll> dlls = new LinkedHashMap<>();
        final Map<String, Process> processes = new LinkedHashMap<>();
        final long romLow;
        final long romHigh;
        final long rwAreaLow;
        long dllLow;

        Run() {
            if (version.hasSlots()) {
                global = new BlockMap(0, BLOCKS_PER_SLOT);
            } else {
                global = new BlockMap(CE6_DLL_REGION_BASE, (int) ((CE6_DLL_REGION_END - CE6_DLL_REGION_BASE) / BLOCK));
            }
            List<RomDll> placedRom = device.romDlls().stream().filter(RomDll::hasAddress).toList();
            if (version.hasSlots()) {
                long lowest = placedRom.stream().mapToLong(RomDll::base).min().orElse(SLOT_SIZE);
                long highest = placedRom.stream().mapToLong(RomDll::end).max().orElse(SLOT_SIZE);
                romLow = placedRom.isEmpty() ? SLOT_SIZE : floorBlock(lowest);
                romHigh = placedRom.isEmpty() ? SLOT_SIZE : Math.min(SLOT_SIZE, ceilBlock(Math.max(device.dllHighAddr(), highest)));
                rwAreaLow = version == CeVersion.CE5
                        ? placedRom.stream().filter(RomDll::split).mapToLong(d -> floorBlock(d.base())).min().orElse(-1)
                        : -1;
                dllLow = romLow;
            } else {
                romLow = CE6_DLL_REGION_BASE;
                romHigh = placedRom.isEmpty() ? CE6_DLL_REGION_BASE : ceilBlock(placedRom.stream().mapToLong(RomDll::end).max().orElseThrow());
                rwAreaLow = -1;
                dllLow = placedRom.isEmpty() ? CE6_DLL_REGION_END : CE6_DLL_REGION_BASE;
            }
            boot(placedRom);
        }

        // ---- boot: ce-loader.md §3 steps 4-5 ----

        private void boot(List<RomDll> placedRom) {
            if (romHigh > romLow) {
                int first = global.blockOf(romLow);
                global.reserve(first, global.blockOf(romHigh) - first, new BlockMap.Use("ROM", true));
            }
            for (RomDll rom : device.romDlls()) {
                String key = ModuleCatalog.keyOf(rom.name());
                boolean mirrored = rom.hasAddress() && !(rom.split() && version == CeVersion.CE5);
                Dll dll = new Dll(key, rom.name(), null, rom.base(), rom.sizeOfImage(),
                        rom.hasAddress() ? blocksFor(rom.sizeOfImage()) : 0, GlobalEntry.Origin.ROM, mirrored,
                        catalog.find(rom.name()).orElse(null));
                dlls.putIfAbsent(key, dll);
            }
            for (LoadedDll loaded : device.loaded()) {
                reservePreloaded(loaded);
            }
            if (!dlls.containsKey(COREDLL)) {
                bootCoredll();
            }
        }

        private void reservePreloaded(LoadedDll loaded) {
            int blocks = blocksFor(loaded.sizeOfImage());
            int first = global.blockOf(loaded.base());
            if (!global.contains(first, blocks) || !global.isFree(first, blocks)) {
                throw new IllegalArgumentException(String.format(
                        "device profile: loaded DLL %s at 0x%08X overlaps the ROM area or another DLL, or lies outside the DLL space",
                        loaded.name(), loaded.base()));
            }
            String key = ModuleCatalog.keyOf(loaded.name());
            global.reserve(first, blocks, new BlockMap.Use(key, false));
            Dll dll = new Dll(key, loaded.name(), null, global.addressOf(first), loaded.sizeOfImage(), blocks,
                    GlobalEntry.Origin.PRELOADED, true, catalog.find(loaded.name()).orElse(null));
            dll.users.add(PRELOADED_USER);
            dlls.put(key, dll);
            dllLow = Math.min(dllLow, dll.base);
        }

        /** coredll is always present: placed at boot if the catalog has it as a RAM DLL, else taken to be in ROM. */
        private void bootCoredll() {
            Optional<CeModule> file = catalog.find(COREDLL);
            if (file.isEmpty()) {
                dlls.put(COREDLL, new Dll(COREDLL, COREDLL, null, 0, 0, 0, GlobalEntry.Origin.ROM, false, null));
                return;
            }
            CeModule module = file.get();
            int blocks = blocksFor(module.sizeOfImage());
            int first = findInGlobal(module, blocks);
            if (first < 0) {
                throw new IllegalArgumentException("device profile: no room for coredll.dll in the global DLL map");
            }
            global.reserve(first, blocks, new BlockMap.Use(COREDLL, false));
            Dll dll = new Dll(COREDLL, module.fileName(), pathOf(module), global.addressOf(first), module.sizeOfImage(),
                    blocks, GlobalEntry.Origin.RAM, true, module);
            dll.users.add(KERNEL);
            dlls.put(COREDLL, dll);
            dllLow = Math.min(dllLow, dll.base);
        }

        // ---- steps ----

        void perform(Step step) {
            if (step instanceof Step.Start s) {
                startProcess(s.root());
            } else if (step instanceof Step.LoadLibrary l) {
                loadLibrary(processNamed(l.process()), l.dll());
            } else if (step instanceof Step.Unload u) {
                unload(processNamed(u.process()), u.dll());
            } else if (step instanceof Step.VirtualAlloc v) {
                virtualAlloc(processNamed(v.process()), v.size(), v.topDown());
            } else if (step instanceof Step.Heap h) {
                heap(processNamed(h.process()), h.size());
            }
        }

        private Process processNamed(String name) {
            String key = ModuleCatalog.keyOf(name);
            Process found = null;
            for (Process p : processes.values()) {
                if (ModuleCatalog.keyOf(p.name).equals(key) || p.name.equals(name)) {
                    found = p;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("no process named " + name + " has been started");
            }
            return found;
        }

        private String uniqueProcessName(String root) {
            String name = root;
            for (int n = 2; processes.containsKey(name); n++) {
                name = root + "#" + n;
            }
            return name;
        }

        // ---- the process side: ce-loader.md §3 steps 13-15, §4, §5 ----

        private void startProcess(String rootName) {
            Process p = new Process(uniqueProcessName(rootName), newProcessMap());
            processes.put(p.name, p);
            addPresentAllocations(p, rootName);
            Optional<CeModule> root = catalog.find(rootName);
            Load load = new Load();
            try {
                if (root.isPresent() && !root.get().isDll()) {
                    startExe(p, root.get(), load);
                } else {
                    startDllHost(p, rootName, load);
                }
            } catch (LoadFailed failed) {
                fail(p, load, failed.failure);
            }
            p.dllLowAfterStart = dllLow;
        }

        private BlockMap newProcessMap() {
            return version.hasSlots()
                    ? new BlockMap(0, BLOCKS_PER_SLOT)
                    : new BlockMap(0, (int) (CE6_PROCESS_SPACE_TOP / BLOCK));
        }

        private void addPresentAllocations(Process p, String rootName) {
            String key = ModuleCatalog.keyOf(rootName);
            for (ProcessAllocation a : device.processAllocations()) {
                if (!ModuleCatalog.keyOf(a.process()).equals(key)) {
                    continue;
                }
                int first = p.map.blockOf(a.base());
                int last = p.map.blockOf(a.base() + a.size() - 1);
                p.map.reserveFree(first, last - first + 1, new BlockMap.Use(a.kind(), false));
                p.allocations.add(new Allocation(Allocation.Kind.PRESENT, a.kind(), p.map.addressOf(first), a.size(),
                        last - first + 1, true));
            }
        }

        /** CE 3.0: EXE, coredll, imports, stack. CE 4.x/5.0 (and 6.0): EXE, RW area, stack, coredll, imports. */
        private void startExe(Process p, CeModule exe, Load load) throws LoadFailed {
            p.exe = exe;
            placeExe(p, exe);
            if (version != CeVersion.CE3) {
                reserveRomRwArea(p);
                placeStack(p, exe);
            }
            p.roots.add(COREDLL);
            loadOne(p, load, COREDLL, KERNEL, Chain.of(exe.fileName()));
            for (String dll : exe.imports()) {
                p.roots.add(ModuleCatalog.keyOf(dll));
                loadOne(p, load, dll, exe.fileName(), Chain.of(exe.fileName()));
                bindImports(exe, dll, Chain.NONE);
            }
            if (version == CeVersion.CE3) {
                placeStack(p, exe);
            }
            placeHeapSegment(p);
        }

        /** A DLL root: an otherwise empty process that LoadLibrary's it (no EXE image, no stack of its own). */
        private void startDllHost(Process p, String dllName, Load load) throws LoadFailed {
            reserveRomRwArea(p);
            p.roots.add(COREDLL);
            loadOne(p, load, COREDLL, KERNEL, Chain.NONE);
            loadOne(p, load, dllName, LOAD_LIBRARY, Chain.NONE);
            p.loadLibraryCalls.add(ModuleCatalog.keyOf(dllName));
            placeHeapSegment(p);
        }

        private void placeExe(Process p, CeModule exe) throws LoadFailed {
            checkIntact(exe, Chain.NONE);
            checkMachine(exe, Chain.NONE);
            long base = EXE_BASE;
            if (exe.relocationsStripped()) {
                if (exe.imageBase() < EXE_BASE || exe.imageBase() > STRIPPED_EXE_HIGHEST_BASE) {
                    throw failure(exe.fileName(), LoadError.ERROR_BAD_EXE_FORMAT, String.format(
                            "%s has its relocations stripped and its ImageBase 0x%08X lies outside 0x%08X..0x%08X",
                            exe.fileName(), exe.imageBase(), EXE_BASE, STRIPPED_EXE_HIGHEST_BASE), Chain.NONE);
                }
                base = exe.imageBase();
            }
            int first = p.map.blockOf(base);
            int blocks = p.map.blockOf(base + exe.sizeOfImage() - 1) - first + 1;
            int used = p.map.firstUsed(first, blocks);
            if (used >= 0) {
                throw failure(exe.fileName(), LoadError.ERROR_OUTOFMEMORY, String.format(
                        "the EXE's range at 0x%08X is already used by %s", p.map.addressOf(used), p.map.useOf(used).owner()), Chain.NONE);
            }
            p.map.reserve(first, blocks, new BlockMap.Use(exe.fileName(), false));
            p.allocations.add(new Allocation(Allocation.Kind.EXE, exe.fileName(), p.map.addressOf(first),
                    exe.sizeOfImage(), blocks, true));
        }

        /** ce-loader.md §4: every CE 4.x/5.0 process pre-reserves the RW sections of split ROM DLLs. */
        private void reserveRomRwArea(Process p) {
            if (rwAreaLow < 0) {
                return;
            }
            long top = Math.min(SLOT_SIZE, ceilBlock(device.dllHighAddr()));
            int first = p.map.blockOf(rwAreaLow);
            int blocks = p.map.blockOf(top) - first;
            if (blocks <= 0) {
                return;
            }
            p.map.reserveFree(first, blocks, new BlockMap.Use("ROM RW area", true));
            p.allocations.add(new Allocation(Allocation.Kind.ROM_RW_AREA, "RW sections of split ROM DLLs",
                    rwAreaLow, top - rwAreaLow, blocks, true));
        }

        private void placeStack(Process p, CeModule exe) throws LoadFailed {
            long size = exe.mainThreadStackReserve(device.pageSize());
            placeBottomUp(p, Allocation.Kind.STACK, "main thread stack", size, exe.fileName());
        }

        private void placeHeapSegment(Process p) throws LoadFailed {
            if (!options.heapSegment()) {
                return;
            }
            long size = version == CeVersion.CE3 ? CE3_HEAP_SEGMENT : CE5_HEAP_SEGMENT;
            placeBottomUp(p, Allocation.Kind.HEAP, "process heap", size, p.name);
        }

        private void placeBottomUp(Process p, Allocation.Kind kind, String label, long size, String failingModule) throws LoadFailed {
            int blocks = blocksFor(size);
            int first = p.map.findBottomUp(blocks, 1, bottomUpLimit(p));
            if (first < 0) {
                throw failure(failingModule, LoadError.ERROR_OUTOFMEMORY, String.format(
                        "no run of %d free blocks below DLL_LOW in the process for the %s (0x%X bytes)", blocks, label, size), Chain.NONE);
            }
            p.map.reserve(first, blocks, new BlockMap.Use(label, false));
            p.allocations.add(new Allocation(kind, label, p.map.addressOf(first), size, blocks, true));
        }

        /** The heap the process really uses: bottom-up, in the slot, whatever its size (its segments are). */
        private void heap(Process p, long size) {
            try {
                String label = String.format("heap (0x%X)", size);
                placeBottomUp(p, Allocation.Kind.HEAP, label, size, label);
            } catch (LoadFailed failed) {
                p.failures.add(failed.failure);
            }
        }

        /**
         * §3 step 17: a process's bottom-up allocations lie below the DLL load line (DLL_LOW at the
         * time); the ROM area and DLLs other processes hold above it are not theirs to take.
         */
        private int bottomUpLimit(Process p) {
            return version.hasSlots() ? p.map.blockOf(dllLow) : p.map.size();
        }

        private void virtualAlloc(Process p, long size, boolean topDown) {
            String request = String.format("VirtualAlloc(0x%X%s)", size, topDown ? ", MEM_TOP_DOWN" : "");
            if (version.hasSlots() && size >= OUTSIDE_SLOT_THRESHOLD) {
                p.allocations.add(new Allocation(Allocation.Kind.EXPLICIT, request + " outside the slot", 0, size, 0, false));
                return;
            }
            boolean fromTop = topDown && version.topDownHonoured();
            int blocks = blocksFor(size);
            int first = fromTop ? p.map.findTopDown(blocks, 1) : p.map.findBottomUp(blocks, 1, bottomUpLimit(p));
            if (first < 0) {
                p.failures.add(new LoadFailure(request, LoadError.ERROR_OUTOFMEMORY.code(), String.format(
                        "ERROR_OUTOFMEMORY: no run of %d free blocks in %s's slot", blocks, p.name)));
                return;
            }
            p.map.reserve(first, blocks, new BlockMap.Use(request, false));
            p.allocations.add(new Allocation(fromTop ? Allocation.Kind.EXPLICIT_TOP_DOWN : Allocation.Kind.EXPLICIT,
                    request, p.map.addressOf(first), size, blocks, true));
        }

        // ---- DLLs: ce-loader.md §3 steps 6-12 ----

        private void loadLibrary(Process p, String dllName) {
            Load load = new Load();
            try {
                loadOne(p, load, dllName, LOAD_LIBRARY, Chain.NONE);
                p.loadLibraryCalls.add(ModuleCatalog.keyOf(dllName));
            } catch (LoadFailed failed) {
                fail(p, load, failed.failure);
            }
        }

        /**
         * Loads {@code name} and, depth first in import-directory order, everything it needs. The
         * walk keeps its own stack of frames, so a chain of thousands of DLLs needs no deep
         * Java stack.
         */
        private void loadOne(Process p, Load load, String name, String loadedBy, Chain chain) throws LoadFailed {
            Deque<Frame> frames = new ArrayDeque<>();
            Frame first = enter(p, load, name, loadedBy, chain);
            if (first != null) {
                frames.push(first);
            }
            while (!frames.isEmpty()) {
                Frame frame = frames.peek();
                if (frame.bindPending != null) {
                    bindImports(frame.module, frame.bindPending, frame.chain);
                    frame.bindPending = null;
                }
                if (frame.nextImport < frame.module.imports().size()) {
                    String dll = frame.module.imports().get(frame.nextImport++);
                    // A module loaded here binds each import once that import's subtree is done.
                    frame.bindPending = frame.fresh ? dll : null;
                    Frame child = enter(p, load, dll, frame.name, frame.chain.then(frame.name));
                    if (child != null) {
                        frames.push(child);
                    }
                    continue;
                }
                frames.pop();
                if (frame.fresh && options.order() == AllocatorOptions.Order.POST_ORDER) {
                    reserve(p, load, frame.module, frame.key, frame.loadedBy, frame.chain);
                }
            }
        }

        /** One module whose imports the walk is going through. */
        private static final class Frame {
            final CeModule module;
            final String key;
            final String name;
            final String loadedBy;
            final Chain chain;
            /** Loaded by this walk (its imports get bound); false when reused from another process. */
            final boolean fresh;
            int nextImport;
            String bindPending;

            Frame(CeModule module, String key, String name, String loadedBy, Chain chain, boolean fresh) {
                this.module = module;
                this.key = key;
                this.name = name;
                this.loadedBy = loadedBy;
                this.chain = chain;
                this.fresh = fresh;
            }
        }

        /** Starts loading one module; a frame when its imports still need walking, else null. */
        private Frame enter(Process p, Load load, String name, String loadedBy, Chain chain) throws LoadFailed {
            String key = ModuleCatalog.keyOf(name);
            if (p.held.containsKey(key) || load.entered.contains(key)) {
                return null;
            }
            Dll existing = dlls.get(key);
            if (existing != null) {
                return reuse(p, load, existing, loadedBy, chain);
            }
            CeModule module = catalog.find(name).orElseThrow(() -> failure(name, LoadError.ERROR_MOD_NOT_FOUND,
                    name + " was not found on the device", chain));
            checkLoadable(module, chain);
            load.entered.add(key);
            if (options.order() == AllocatorOptions.Order.PRE_ORDER) {
                reserve(p, load, module, key, loadedBy, chain);
            }
            return new Frame(module, key, module.fileName(), loadedBy, chain, true);
        }

        private void checkLoadable(CeModule module, Chain chain) throws LoadFailed {
            checkIntact(module, chain);
            if (!module.isDll()) {
                throw failure(module.fileName(), LoadError.ERROR_BAD_EXE_FORMAT, module.fileName() + " is not a DLL", chain);
            }
            checkMachine(module, chain);
            if (module.relocationsStripped() && !honouredCe6Base(module)) {
                throw failure(module.fileName(), LoadError.ERROR_BAD_EXE_FORMAT, module.fileName()
                        + " has its relocations stripped; a RAM DLL is always relocated and so cannot load", chain);
            }
        }

        /** A truncated file or a damaged import or export directory cannot be loaded: it is refused, not placed. */
        private void checkIntact(CeModule module, Chain chain) throws LoadFailed {
            if (module.damage() != null) {
                throw failure(module.fileName(), LoadError.ERROR_BAD_EXE_FORMAT, module.fileName()
                        + " is damaged and the loader cannot map it (" + module.damage() + ")", chain);
            }
        }

        private boolean honouredCe6Base(CeModule module) {
            return version == CeVersion.CE6 && honouredBlock(module, blocksFor(module.sizeOfImage())) >= 0;
        }

        private void checkMachine(CeModule module, Chain chain) throws LoadFailed {
            if (module.machine() != 0 && !device.runs(module.machine())) {
                throw failure(module.fileName(), LoadError.ERROR_BAD_EXE_FORMAT, String.format(
                        "%s is built for machine 0x%04X, the device's CPU is 0x%04X", module.fileName(), module.machine(),
                        device.machine()), chain);
            }
        }

        /** Binding an import after its DLL loaded: a symbol the DLL does not export fails the importer with 127. */
        private void bindImports(CeModule importer, String dll, Chain chain) throws LoadFailed {
            List<UnresolvedImport> missing = importer.unresolvedFrom(dll);
            if (missing.isEmpty()) {
                return;
            }
            String symbols = missing.stream().map(UnresolvedImport::symbol).collect(Collectors.joining(", "));
            throw failure(importer.fileName(), LoadError.ERROR_PROC_NOT_FOUND, String.format(
                    "%s imports %s from %s, which does not export %s", importer.fileName(), symbols, dll,
                    missing.size() == 1 ? "it" : "them"), chain);
        }

        /** Steps 7 and 9: top-down first fit in the global map, then the same range in the process. */
        private void reserve(Process p, Load load, CeModule module, String key, String loadedBy, Chain chain) throws LoadFailed {
            int blocks = blocksFor(module.sizeOfImage());
            int first = findInGlobal(module, blocks);
            if (first < 0) {
                throw failure(module.fileName(), LoadError.ERROR_OUTOFMEMORY, String.format(
                        "no run of %d free 64 KB blocks is left in the global DLL map for %s (0x%X bytes)",
                        blocks, module.fileName(), module.sizeOfImage()), chain);
            }
            global.reserve(first, blocks, new BlockMap.Use(key, false));
            long base = global.addressOf(first);
            dllLow = Math.min(dllLow, base);
            Dll dll = new Dll(key, module.fileName(), pathOf(module), base, module.sizeOfImage(), blocks,
                    GlobalEntry.Origin.RAM, version.hasSlots(), module);
            if (dll.mirrored) {
                int used = p.map.firstUsed(p.map.blockOf(base), blocks);
                if (used >= 0) {
                    global.release(first, blocks);
                    throw clash(p, used, module.fileName(), String.format(
                            "the global map offered 0x%08X-0x%08X, but 0x%08X is already used by %s in %s (KB303444); "
                                    + "the reservation was released and no other address is tried",
                            base, base + blocks * BLOCK, p.map.addressOf(used), p.map.useOf(used).owner(), p.name), chain);
                }
                p.map.reserve(p.map.blockOf(base), blocks, new BlockMap.Use(key, false));
            }
            dlls.put(key, dll);
            load.reserved.add(dll);
            hold(p, load, dll, loadedBy, true);
        }

        /** Step 7 (top-down), §4 ROMFLAGS 0x40 (ImageBase honoured) and §5 (CE 6.0: ImageBase, else bottom-up). */
        private int findInGlobal(CeModule module, int blocks) {
            int honoured = honouredBlock(module, blocks);
            if (honoured >= 0) {
                return honoured;
            }
            return version.hasSlots() ? global.findTopDown(blocks, 1) : global.findBottomUp(blocks, 0);
        }

        private int honouredBlock(CeModule module, int blocks) {
            long imageBase = module.imageBase();
            if (imageBase % BLOCK != 0) {
                return -1;
            }
            if (version == CeVersion.CE6) {
                boolean inside = imageBase >= CE6_DLL_REGION_BASE && imageBase + blocks * BLOCK <= CE6_DLL_REGION_END;
                return inside && global.isFree(global.blockOf(imageBase), blocks) ? global.blockOf(imageBase) : -1;
            }
            if (!device.honoursDllBase()) {
                return -1;
            }
            boolean below = imageBase >= BLOCK && imageBase + blocks * BLOCK <= romLow;
            return below && global.isFree(global.blockOf(imageBase), blocks) ? global.blockOf(imageBase) : -1;
        }

        /** Step 6: a module loaded elsewhere is mirrored at its base, with its already-loaded dependencies. */
        private Frame reuse(Process p, Load load, Dll dll, String loadedBy, Chain chain) throws LoadFailed {
            if (dll.mirrored && version.hasSlots()) {
                int first = p.map.blockOf(dll.base);
                int used = dll.rom() ? p.map.firstUsedByNonRom(first, dll.blocks) : p.map.firstUsed(first, dll.blocks);
                if (used >= 0) {
                    throw clash(p, used, dll.name, String.format(
                            "%s is loaded at 0x%08X, but 0x%08X is already used by %s in %s (KB303444)",
                            dll.name, dll.base, p.map.addressOf(used), p.map.useOf(used).owner(), p.name), chain);
                }
                p.map.reserveFree(first, dll.blocks, new BlockMap.Use(dll.key, dll.rom()));
            }
            hold(p, load, dll, loadedBy, false);
            if (dll.module == null) {
                return null;
            }
            load.entered.add(dll.key);
            return new Frame(dll.module, dll.key, dll.name, loadedBy, chain, false);
        }

        private void hold(Process p, Load load, Dll dll, String loadedBy, boolean reservedHere) {
            p.held.put(dll.key, new Held(dll, loadedBy, reservedHere));
            dll.users.add(p.name);
            load.added.add(dll.key);
        }

        /** Step 10: the failed top-level load's reservations are released (default), DLL_LOW stays. */
        private void fail(Process p, Load load, LoadFailure failure) {
            p.failures.add(failure);
            if (!options.rollback()) {
                p.roots.addAll(load.added);
                return;
            }
            for (int i = load.added.size() - 1; i >= 0; i--) {
                drop(p, p.held.get(load.added.get(i)).dll());
            }
        }

        /** Step 12: FreeLibrary; a DLL no process uses any more frees its blocks in the global map. */
        private void unload(Process p, String dllName) {
            if (!p.loadLibraryCalls.remove(ModuleCatalog.keyOf(dllName))) {
                return;
            }
            Set<String> reachable = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(p.roots);
            todo.addAll(p.loadLibraryCalls);
            while (!todo.isEmpty()) {
                String key = todo.pop();
                Held h = p.held.get(key);
                if (h == null || !reachable.add(key)) {
                    continue;
                }
                if (h.dll().module != null) {
                    h.dll().module.imports().forEach(dep -> todo.push(ModuleCatalog.keyOf(dep)));
                }
            }
            List<Held> unreachable = p.held.values().stream().filter(h -> !reachable.contains(h.dll().key)).toList();
            unreachable.forEach(h -> drop(p, h.dll()));
        }

        /** Takes a DLL out of one process; frees it in the global map when no one uses it (DLL_LOW stays). */
        private void drop(Process p, Dll dll) {
            p.held.remove(dll.key);
            dll.users.remove(p.name);
            if (dll.mirrored && version.hasSlots()) {
                p.map.releaseOwnedBy(p.map.blockOf(dll.base), dll.blocks, dll.key);
            }
            if (dll.origin == GlobalEntry.Origin.RAM && dll.users.isEmpty()) {
                global.release(global.blockOf(dll.base), dll.blocks);
                dlls.remove(dll.key);
            }
        }

        private LoadFailed failure(String module, LoadError error, String words, Chain chain) {
            return failure(module, error, words, chain, null);
        }

        private LoadFailed failure(String module, LoadError error, String words, Chain chain, String blockedBy) {
            String via = chain.isEmpty() ? "" : " (needed by " + String.join(" <- ", chain.nearestFirst()) + ")";
            return new LoadFailed(new LoadFailure(module, error.code(), error.name() + ": " + words + via, blockedBy));
        }

        /** Step 9's error 14, noted against the process's own reservation that the DLL's range met. */
        private LoadFailed clash(Process p, int usedBlock, String module, String words, Chain chain) {
            long address = p.map.addressOf(usedBlock);
            String blocker = null;
            for (int i = 0; i < p.allocations.size(); i++) {
                if (p.allocations.get(i).covers(address)) {
                    blocker = p.allocations.get(i).label();
                    p.blockedLoads.computeIfAbsent(i, k -> new ArrayList<>()).add(module);
                    break;
                }
            }
            return failure(module, LoadError.ERROR_OUTOFMEMORY, words, chain, blocker);
        }

        // ---- results ----

        SlotMap result() {
            List<GlobalEntry> globalMap = dlls.values().stream()
                    .filter(d -> d.blocks > 0)
                    .map(d -> new GlobalEntry(d.name, floorBlock(d.base), d.blocks, d.origin))
                    .sorted(Comparator.comparingLong(GlobalEntry::base).reversed())
                    .toList();
            List<ProcessMap> maps = new ArrayList<>();
            List<Advice> advice = new ArrayList<>();
            for (Process p : processes.values()) {
                maps.add(processMap(p));
                advice.addAll(delayLoadAdvice(p));
            }
            return new SlotMap(device.name(), version.model(), dllLow, romLow, romHigh, version.hasSlots(),
                    version.hasSlots() ? "" : CE6_NOTE, globalMap, maps, advice);
        }

        private ProcessMap processMap(Process p) {
            List<PlacedModule> modules = p.held.values().stream().map(this::placed).toList();
            long top = p.allocations.stream().filter(Allocation::isBottomUp)
                    .mapToLong(Allocation::end).max().orElse(0);
            long ceiling = version.hasSlots() ? dllLow : CE6_PROCESS_SPACE_TOP;
            long free = Math.max(0, ceiling - top);
            List<PlacedModule> ram = modules.stream().filter(m -> !m.rom()).toList();
            long netNew = p.held.values().stream().filter(Held::reservedHere).mapToLong(h -> h.dll().blocks * BLOCK).sum();
            ProcessTotals totals = new ProcessTotals(
                    p.dllLowAfterStart,
                    version.hasSlots() ? Math.max(0, romLow - p.dllLowAfterStart) : 0,
                    netNew,
                    ram.stream().mapToLong(PlacedModule::slack).sum(),
                    ram.stream().mapToLong(PlacedModule::sizeOfImage).sum(),
                    ram.stream().mapToLong(PlacedModule::kbSectionSum).sum(),
                    ram.stream().anyMatch(PlacedModule::kbSumDiffers));
            List<Allocation> allocations = new ArrayList<>();
            for (int i = 0; i < p.allocations.size(); i++) {
                allocations.add(p.allocations.get(i).withBlockedLoads(p.blockedLoads.getOrDefault(i, List.of())));
            }
            return new ProcessMap(p.name, modules, allocations, free, p.failures, totals);
        }

        private PlacedModule placed(Held h) {
            Dll d = h.dll();
            long cost = d.blocks * BLOCK;
            long slack = d.rom() ? 0 : Math.max(0, cost - d.sizeOfImage);
            long kb = d.module == null ? 0 : d.module.kbSectionSum();
            boolean differs = d.module != null && d.module.kbSumDiffersFromSizeOfImage();
            boolean reused = !h.reservedHere() && d.origin != GlobalEntry.Origin.ROM;
            return new PlacedModule(d.name, d.path, d.base, d.sizeOfImage, d.blocks, slack, d.rom(), h.loadedBy(),
                    reused, kb, differs);
        }

        /** ce-loader.md §3 step 11: delay-loaded DLLs are not followed at load time; say what they would add. */
        private List<Advice> delayLoadAdvice(Process p) {
            List<Advice> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<CeModule> importers = new ArrayList<>();
            if (p.exe != null) {
                importers.add(p.exe);
            }
            p.held.values().stream().map(h -> h.dll().module).filter(m -> m != null).forEach(importers::add);
            for (CeModule importer : importers) {
                for (String delayed : importer.delayImports()) {
                    String key = ModuleCatalog.keyOf(delayed);
                    if (p.held.containsKey(key) || !seen.add(key)) {
                        continue;
                    }
                    out.add(delayAdvice(p, importer, delayed));
                }
            }
            return out;
        }

        private Advice delayAdvice(Process p, CeModule importer, String delayed) {
            Set<String> closure = new LinkedHashSet<>();
            List<String> missing = new ArrayList<>();
            Deque<String> todo = new ArrayDeque<>(List.of(delayed));
            int blocks = 0;
            while (!todo.isEmpty()) {
                String name = todo.pop();
                String key = ModuleCatalog.keyOf(name);
                if (p.held.containsKey(key) || !closure.add(key)) {
                    continue;
                }
                if (dlls.containsKey(key)) {
                    continue;
                }
                Optional<CeModule> module = catalog.find(name);
                if (module.isEmpty()) {
                    missing.add(name);
                    continue;
                }
                blocks += blocksFor(module.get().sizeOfImage());
                module.get().imports().forEach(todo::addLast);
            }
            String text = String.format("%s delay-loads %s: when first used it would reserve %d more block%s (%d KB)%s.",
                    importer.fileName(), delayed, blocks, blocks == 1 ? "" : "s", blocks * BLOCK / 1024,
                    missing.isEmpty() ? "" : "; not found: " + String.join(", ", missing) + " (error 126 then)");
            return new Advice(p.name, Advice.Kind.DELAY_LOAD_COST, List.copyOf(closure), blocks, text);
        }
    }

    private static String pathOf(CeModule module) {
        return module.path() == null ? null : module.path().toString();
    }

    /**
     * Who needed a module, nearest importer last when read from the root. Each link shares its
     * tail, so a deep chain costs one object per level, not a copy of the list.
     */
    record Chain(String name, Chain parent) {
        static final Chain NONE = new Chain(null, null);

        static Chain of(String name) {
            return NONE.then(name);
        }

        Chain then(String next) {
            return new Chain(next, this);
        }

        boolean isEmpty() {
            return name == null;
        }

        List<String> nearestFirst() {
            List<String> names = new ArrayList<>();
            for (Chain link = this; !link.isEmpty(); link = link.parent) {
                names.add(link.name);
            }
            return names;
        }
    }

    static long floorBlock(long address) {
        return Math.floorDiv(address, BLOCK) * BLOCK;
    }

    static long ceilBlock(long address) {
        return Math.floorDiv(address + BLOCK - 1, BLOCK) * BLOCK;
    }
}
