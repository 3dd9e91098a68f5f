package pescope.ce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * KB326163's five workarounds as what-ifs: each one changes the scenario (the steps or the
 * modules) and runs the same {@link SlotAllocator} on it, so every number it reports is the
 * allocator's, not a formula's. A what-if "helps" when the changed scenario has fewer failed loads.
 */
public final class Workarounds {
    /** Split into processes: the units moved are taken from the first this many of the process's DLLs. */
    public static final int MAX_SPLIT_UNITS = 12;
    /** Split into processes: at most this many sets are tried (two allocator runs each), smallest first. */
    public static final int MAX_SPLIT_TRIES = 256;

    private final Scenario given;
    private final SlotMap base;

    private Workarounds(Scenario given, SlotMap base) {
        this.given = given;
        this.base = base;
    }

    /** Runs the scenario and adds each applicable workaround, computed, to its advice. */
    public static SlotMap evaluate(Scenario scenario) {
        SlotMap base = scenario.run();
        if (!base.slotPressureApplies()) {
            return base;
        }
        return base.withMoreAdvice(new Workarounds(scenario, base).all());
    }

    private List<Advice> all() {
        List<Advice> out = new ArrayList<>();
        out.addAll(withoutTopDown());
        for (ProcessMap p : base.processes()) {
            mergeSmallDlls(p).ifPresent(out::add);
        }
        for (ProcessMap p : base.processes()) {
            if (!p.failures().isEmpty()) {
                splitProcess(p).ifPresent(out::add);
                loadEssentialsFirst(p).ifPresent(out::add);
                lessHeap(p).ifPresent(out::add);
            }
        }
        return out;
    }

    // ---- 1. MEM_TOP_DOWN (KB303444) ----

    private List<Advice> withoutTopDown() {
        List<Advice> out = new ArrayList<>();
        List<Step> steps = given.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof Step.VirtualAlloc v) || !v.topDown()) {
                continue;
            }
            List<Step> changed = new ArrayList<>(steps);
            changed.set(i, new Step.VirtualAlloc(v.process(), v.size(), false));
            String request = String.format("VirtualAlloc(0x%X, MEM_TOP_DOWN) in %s", v.size(), v.process());
            if (!given.device().version().topDownHonoured()) {
                out.add(new Advice(v.process(), Advice.Kind.TOP_DOWN, List.of(), 0, request + ": CE "
                        + (base.ceVersion() == 5 ? "4.x/5.0" : "6.0") + " strips MEM_TOP_DOWN, so it is already allocated "
                        + "bottom-up and takes nothing from the DLL area.", false, List.of()));
                continue;
            }
            SlotMap without = given.withSteps(changed).run();
            Optional<Allocation> allocation = topDownAllocation(v);
            StringBuilder text = new StringBuilder(request);
            int blocks = 0;
            if (allocation.isPresent()) {
                Allocation a = allocation.get();
                blocks = a.blocks();
                text.append(String.format(": takes 0x%08X-0x%08X (%d blocks) from the top of the slot, where DLLs go",
                        a.base(), a.end(), a.blocks()));
                text.append(a.blocksLoads().isEmpty() ? "; no load fails because of it"
                        : "; it makes " + String.join(", ", a.blocksLoads()) + " fail with error 14");
            } else {
                text.append(": found no room in the slot");
            }
            text.append(". Without the flag: ").append(summary(without)).append('.');
            List<String> blocked = allocation.map(Allocation::blocksLoads).orElse(List.of());
            out.add(whatIf(v.process(), Advice.Kind.TOP_DOWN, blocked, blocks, text.toString(),
                    Outcome.of("without MEM_TOP_DOWN (" + v.process() + ")", without)));
        }
        return out;
    }

    private Optional<Allocation> topDownAllocation(Step.VirtualAlloc v) {
        return process(base, v.process()).flatMap(p -> p.allocations().stream()
                .filter(a -> a.kind() == Allocation.Kind.EXPLICIT_TOP_DOWN && a.size() == v.size()).findFirst());
    }

    // ---- 2. merge small DLLs ----

    private Optional<Advice> mergeSmallDlls(ProcessMap p) {
        List<CeModule> small = p.modules().stream()
                .filter(m -> !m.rom() && m.blocks() > 0 && m.sizeOfImage() < SlotAllocator.BLOCK
                        && !ModuleCatalog.keyOf(m.name()).equals(SlotAllocator.COREDLL))
                .map(m -> given.catalog().find(m.name()))
                .flatMap(Optional::stream)
                .toList();
        if (small.size() < 2) {
            return Optional.empty();
        }
        int now = small.stream().mapToInt(m -> SlotAllocator.blocksFor(m.sizeOfImage())).sum();
        long content = small.stream().mapToLong(CeModule::sizeOfImage).sum();
        int merged = SlotAllocator.blocksFor(content);
        if (merged >= now) {
            return Optional.empty();
        }
        String mergedName = "merged-" + stem(p.root()) + ".dll";
        MergedCatalog catalog = new MergedCatalog(given.catalog(), small, mergedName);
        List<Step> steps = given.steps().stream().map(s -> catalog.rename(s)).toList();
        SlotMap after = given.withCatalog(catalog).withSteps(steps).run();
        List<String> names = small.stream().map(CeModule::fileName).toList();
        String text = String.format("%d small DLLs (%s) take %d blocks (%s) for %s of image; merged into one %s they "
                        + "take %d, saving %d block%s. DLL_LOW 0x%08X -> 0x%08X; %s.",
                small.size(), String.join(", ", names), now, kb(now * SlotAllocator.BLOCK), kb(content), mergedName, merged,
                now - merged, now - merged == 1 ? "" : "s", base.dllLow(), after.dllLow(), summary(after));
        return Optional.of(whatIf(p.root(), Advice.Kind.MERGE_SMALL_DLLS, names, now - merged, text,
                Outcome.of("small DLLs merged (" + p.root() + ")", after)));
    }

    /** The given modules with a set of small DLLs replaced by one, and every import of them redirected. */
    private static final class MergedCatalog implements ModuleCatalog {
        private final ModuleCatalog inner;
        private final Set<String> mergedKeys = new LinkedHashSet<>();
        private final String mergedName;
        private final CeModule merged;

        MergedCatalog(ModuleCatalog inner, List<CeModule> small, String mergedName) {
            this.inner = inner;
            this.mergedName = mergedName;
            small.forEach(m -> mergedKeys.add(ModuleCatalog.keyOf(m.fileName())));
            List<String> imports = new ArrayList<>();
            List<UnresolvedImport> unresolved = new ArrayList<>();
            for (CeModule m : small) {
                imports.addAll(m.imports());
                m.unresolvedImports().stream().map(this::rename).forEach(unresolved::add);
            }
            long size = small.stream().mapToLong(CeModule::sizeOfImage).sum();
            merged = small.get(0).renamed(mergedName, size, renamed(imports).stream()
                    .filter(n -> !ModuleCatalog.keyOf(n).equals(ModuleCatalog.keyOf(mergedName))).toList(), unresolved);
        }

        @Override
        public Optional<CeModule> find(String name) {
            String key = ModuleCatalog.keyOf(name);
            if (mergedKeys.contains(key) || key.equals(ModuleCatalog.keyOf(mergedName))) {
                return Optional.of(merged);
            }
            return inner.find(name).map(m -> m.withImports(renamed(m.imports()),
                    m.unresolvedImports().stream().map(this::rename).toList()));
        }

        private List<String> renamed(List<String> names) {
            Set<String> out = new LinkedHashSet<>();
            names.forEach(n -> out.add(mergedKeys.contains(ModuleCatalog.keyOf(n)) ? mergedName : n));
            return List.copyOf(out);
        }

        private UnresolvedImport rename(UnresolvedImport u) {
            return mergedKeys.contains(ModuleCatalog.keyOf(u.dll())) ? new UnresolvedImport(mergedName, u.symbol()) : u;
        }

        Step rename(Step step) {
            if (step instanceof Step.LoadLibrary l && mergedKeys.contains(ModuleCatalog.keyOf(l.dll()))) {
                return new Step.LoadLibrary(l.process(), mergedName);
            }
            if (step instanceof Step.Unload u && mergedKeys.contains(ModuleCatalog.keyOf(u.dll()))) {
                return new Step.Unload(u.process(), mergedName);
            }
            return step;
        }
    }

    // ---- 3. split into processes ----

    private Optional<Advice> splitProcess(ProcessMap p) {
        Optional<CeModule> exe = given.catalog().find(p.root()).filter(m -> !m.isDll());
        int start = startIndex(p.root());
        if (exe.isEmpty() || start < 0) {
            return Optional.empty();
        }
        List<String> units = new ArrayList<>();
        for (String dll : exe.get().imports()) {
            if (!ModuleCatalog.keyOf(dll).equals(SlotAllocator.COREDLL)) {
                addUnit(units, dll);
            }
        }
        for (Step s : given.steps()) {
            if (s instanceof Step.LoadLibrary l && sameProcess(l.process(), p.root())) {
                addUnit(units, l.dll());
            }
        }
        if (units.size() < 2) {
            return Optional.empty();
        }
        int n = Math.min(units.size(), MAX_SPLIT_UNITS);
        String second = stem(p.root()) + ".part2.exe";
        int tries = 0;
        for (int size = 1; size < n && tries < MAX_SPLIT_TRIES; size++) {
            for (List<String> moved : subsets(units.subList(0, n), size)) {
                if (++tries > MAX_SPLIT_TRIES) {
                    break;
                }
                Split split = new Split(exe.get(), p.root(), second, moved, start);
                SlotMap firstAlone = split.firstAlone().run();
                if (failuresOf(firstAlone, p.root()) > 0) {
                    continue;
                }
                SlotMap secondAlone = split.secondAlone().run();
                if (failuresOf(secondAlone, second) > 0) {
                    continue;
                }
                SlotMap together = split.together().run();
                boolean stillFails = failuresOf(together, p.root()) + failuresOf(together, second) > 0;
                String text = String.format("move %s into a second process %s: run one after the other, every load "
                                + "succeeds (DLL_LOW 0x%08X and 0x%08X); %s.",
                        String.join(", ", moved), second, firstAlone.dllLow(), secondAlone.dllLow(), stillFails
                                ? "run both at once, they still fail (" + summary(together) + "): the DLLs share one "
                                + "global map, so it does not help if both must run simultaneously"
                                : "run both at once, they succeed too (DLL_LOW 0x" + String.format("%08X", together.dllLow()) + ")");
                // Found: run one after the other, both halves of this process load everything.
                return Optional.of(new Advice(p.root(), Advice.Kind.SPLIT_PROCESS, moved, 0, text, true, List.of(
                        Outcome.of("split, " + p.root() + " alone", firstAlone),
                        Outcome.of("split, " + second + " alone", secondAlone),
                        Outcome.of("split, both at once", together))));
            }
        }
        String tried = tries > MAX_SPLIT_TRIES ? String.format(" (the first %d of its splits tried)", MAX_SPLIT_TRIES) : "";
        return Optional.of(new Advice(p.root(), Advice.Kind.SPLIT_PROCESS, units, 0, String.format(
                "no split of %s's %d DLLs (%s) into two processes makes every load succeed, even one after the other%s.",
                p.root(), units.size(), String.join(", ", units), tried), false, List.of()));
    }

    /** The scenario with some of one process's DLLs moved into a second process started right after it. */
    private final class Split {
        final CeModule exe;
        final String first;
        final String second;
        final Set<String> moved = new LinkedHashSet<>();
        final int start;
        final ModuleCatalog catalog;

        Split(CeModule exe, String first, String second, List<String> movedDlls, int start) {
            this.exe = exe;
            this.first = first;
            this.second = second;
            this.start = start;
            movedDlls.forEach(d -> moved.add(ModuleCatalog.keyOf(d)));
            Predicate<String> isMoved = d -> moved.contains(ModuleCatalog.keyOf(d));
            CeModule kept = exe.withImports(exe.imports().stream().filter(isMoved.negate()).toList(),
                    exe.unresolvedImports().stream().filter(u -> !isMoved.test(u.dll())).toList());
            CeModule split = exe.renamed(second, exe.sizeOfImage(), exe.imports().stream().filter(isMoved).toList(),
                    exe.unresolvedImports().stream().filter(u -> isMoved.test(u.dll())).toList());
            ModuleCatalog inner = given.catalog();
            String firstKey = ModuleCatalog.keyOf(first);
            String secondKey = ModuleCatalog.keyOf(second);
            catalog = name -> {
                String key = ModuleCatalog.keyOf(name);
                return key.equals(firstKey) ? Optional.of(kept) : key.equals(secondKey) ? Optional.of(split) : inner.find(name);
            };
        }

        private boolean movedLoad(Step s) {
            return s instanceof Step.LoadLibrary l && sameProcess(l.process(), first) && moved.contains(ModuleCatalog.keyOf(l.dll()))
                    || s instanceof Step.Unload u && sameProcess(u.process(), first) && moved.contains(ModuleCatalog.keyOf(u.dll()));
        }

        private Step toSecond(Step s) {
            if (s instanceof Step.LoadLibrary l) {
                return new Step.LoadLibrary(second, l.dll());
            }
            Step.Unload u = (Step.Unload) s;
            return new Step.Unload(second, u.dll());
        }

        /** The first process keeps everything but the moved DLLs; the second does not run. */
        Scenario firstAlone() {
            return given.withCatalog(catalog).withSteps(given.steps().stream().filter(s -> !movedLoad(s)).toList());
        }

        /** The second process runs where the first did, with the moved DLLs and their later loads. */
        Scenario secondAlone() {
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < given.steps().size(); i++) {
                Step s = given.steps().get(i);
                if (i == start) {
                    steps.add(new Step.Start(second));
                } else if (movedLoad(s)) {
                    steps.add(toSecond(s));
                } else if (!sameProcess(s.processName(), first)) {
                    steps.add(s);
                }
            }
            return given.withCatalog(catalog).withSteps(steps);
        }

        /** Both processes run at once: the second starts right after the first. */
        Scenario together() {
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < given.steps().size(); i++) {
                Step s = given.steps().get(i);
                steps.add(movedLoad(s) ? toSecond(s) : s);
                if (i == start) {
                    steps.add(new Step.Start(second));
                }
            }
            return given.withCatalog(catalog).withSteps(steps);
        }
    }

    private static void addUnit(List<String> units, String dll) {
        if (units.stream().noneMatch(u -> ModuleCatalog.keyOf(u).equals(ModuleCatalog.keyOf(dll)))) {
            units.add(dll);
        }
    }

    /** Every subset of this size, in lexicographic order of positions. */
    private static List<List<String>> subsets(List<String> items, int size) {
        List<List<String>> out = new ArrayList<>();
        collect(items, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<String> items, int size, int from, List<String> chosen, List<List<String>> out) {
        if (chosen.size() == size) {
            out.add(List.copyOf(chosen));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            chosen.add(items.get(i));
            collect(items, size, i + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    // ---- 4. load essentials first ----

    private Optional<Advice> loadEssentialsFirst(ProcessMap p) {
        int start = startIndex(p.root());
        if (start < 0) {
            return Optional.empty();
        }
        List<Step> early = new ArrayList<>();
        List<Step> rest = new ArrayList<>();
        for (int i = start + 1; i < given.steps().size(); i++) {
            Step s = given.steps().get(i);
            if (s instanceof Step.LoadLibrary l && sameProcess(l.process(), p.root())) {
                early.add(s);
            } else {
                rest.add(s);
            }
        }
        if (early.isEmpty()) {
            return Optional.empty();
        }
        List<Step> steps = new ArrayList<>(given.steps().subList(0, start + 1));
        steps.addAll(early);
        steps.addAll(rest);
        SlotMap after = given.withSteps(steps).run();
        List<String> dlls = early.stream().map(s -> ((Step.LoadLibrary) s).dll()).toList();
        boolean helps = after.processes().stream().mapToInt(x -> x.failures().size()).sum() < failures(base);
        String text = String.format("load %s at start-up, before the rest of the run: %s%s.", String.join(", ", dlls),
                summary(after), helps ? " (the later failure disappears)" : " (it does not help)");
        return Optional.of(whatIf(p.root(), Advice.Kind.LOAD_ESSENTIALS_FIRST, dlls, 0, text,
                Outcome.of("--load DLLs at start-up (" + p.root() + ")", after)));
    }

    // ---- 5. less heap ----

    private Optional<Advice> lessHeap(ProcessMap p) {
        int heapStep = -1;
        for (int i = 0; i < given.steps().size(); i++) {
            if (given.steps().get(i) instanceof Step.Heap h && sameProcess(h.process(), p.root())) {
                heapStep = i;
                break;
            }
        }
        if (heapStep < 0) {
            return Optional.empty();
        }
        Step.Heap heap = (Step.Heap) given.steps().get(heapStep);
        int baseFailures = p.failures().size();
        int heapBlocks = SlotAllocator.blocksFor(heap.size());
        // A smaller heap takes a lower part of the same bottom-up run, so fewer blocks never clash
        // more: the smallest reduction that helps is found by bisection, then run once more to report.
        int low = 1;
        int high = heapBlocks;
        if (failuresOf(withHeapReducedBy(heapStep, heap, high), p.root()) < baseFailures) {
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (failuresOf(withHeapReducedBy(heapStep, heap, mid), p.root()) < baseFailures) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            SlotMap after = withHeapReducedBy(heapStep, heap, low);
            long size = reducedHeap(heap, low);
            String text = String.format("a heap of %s instead of %s (%s less, the smallest reduction that helps): %s.",
                    kb(size), kb(heap.size()), kb(heap.size() - size), summary(after));
            return Optional.of(whatIf(p.root(), Advice.Kind.LESS_HEAP, List.of(), low, text,
                    Outcome.of("heap " + kb(size) + " (" + p.root() + ")", after)));
        }
        List<Step> none = new ArrayList<>(given.steps());
        none.remove(heapStep);
        SlotMap noHeap = given.withSteps(none).run();
        return Optional.of(new Advice(p.root(), Advice.Kind.LESS_HEAP, List.of(), 0, String.format(
                "a smaller heap does not help: even with no heap at all, %s.", summary(noHeap)), false,
                List.of(Outcome.of("no heap (" + p.root() + ")", noHeap))));
    }

    private static long reducedHeap(Step.Heap heap, int blocksLess) {
        return Math.max(0, heap.size() - blocksLess * SlotAllocator.BLOCK);
    }

    /** The scenario with this heap smaller by some blocks (none left: no heap step at all). */
    private SlotMap withHeapReducedBy(int heapStep, Step.Heap heap, int blocksLess) {
        long size = reducedHeap(heap, blocksLess);
        List<Step> steps = new ArrayList<>(given.steps());
        if (size == 0) {
            steps.remove(heapStep);
        } else {
            steps.set(heapStep, new Step.Heap(heap.process(), size));
        }
        return given.withSteps(steps).run();
    }

    // ---- shared ----

    /** A what-if that helps when its run has fewer failed loads, in every process, than the scenario as given. */
    private Advice whatIf(String process, Advice.Kind kind, List<String> modules, int blocks, String text, Outcome outcome) {
        return new Advice(process, kind, modules, blocks, text, outcome.failures() < failures(base), List.of(outcome));
    }

    private int startIndex(String process) {
        for (int i = 0; i < given.steps().size(); i++) {
            if (given.steps().get(i) instanceof Step.Start s && sameProcess(s.root(), process)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameProcess(String a, String b) {
        return a.equals(b) || ModuleCatalog.keyOf(a).equals(ModuleCatalog.keyOf(b));
    }

    private static Optional<ProcessMap> process(SlotMap map, String name) {
        return map.processes().stream().filter(p -> sameProcess(p.root(), name)).findFirst();
    }

    private static int failuresOf(SlotMap map, String process) {
        return process(map, process).map(p -> p.failures().size()).orElse(0);
    }

    private static int failures(SlotMap map) {
        return map.processes().stream().mapToInt(p -> p.failures().size()).sum();
    }

    /** The failures of a run in a few words. */
    static String summary(SlotMap map) {
        List<String> failed = new ArrayList<>();
        map.processes().forEach(p -> p.failures().forEach(f -> failed.add(f.module() + " (" + f.error() + ")")));
        return failed.isEmpty() ? "every load succeeds" : "still fails: " + String.join(", ", failed);
    }

    private static String stem(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String kb(long bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : String.format("0x%X bytes", bytes);
    }
}
