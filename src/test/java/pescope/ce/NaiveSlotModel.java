package pescope.ce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive reading of ce-loader.md, written apart from {@link SlotAllocator} to check it:
 * a plain boolean array per map, window-by-window searches, no shared code. Covers what the random
 * scenarios use: an anonymous ROM area, optional CE 5 RW area, preloaded DLLs, device heaps, EXE and
 * DLL roots, LoadLibrary, FreeLibrary and VirtualAlloc. coredll is never in the catalog (implicit ROM).
 */
final class NaiveSlotModel {
    static final long B = 0x10000;

    /** What the model says about one process. */
    record Proc(String name, Map<String, Long> bases, List<String> failures, List<Long> allocationBases) {}

    record Outcome(long dllLow, Map<String, Long> global, List<Proc> processes) {}

    private final int ce;
    private final boolean slots;
    private final boolean pre;
    private final boolean rollback;
    private final Device device;
    private final Map<String, CeModule> files = new HashMap<>();
    private final boolean[] g;
    private final long gBase;
    private final Map<String, long[]> table = new LinkedHashMap<>();
    private final Map<String, Set<String>> users = new HashMap<>();
    private final Set<String> permanent = new HashSet<>();
    private final Map<String, P> procs = new LinkedHashMap<>();
    private final long romLow;
    private long rwLow = -1;
    private long dllLow;

    private static final class P {
        final String name;
        final boolean[] used;
        final Map<String, Long> held = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> roots = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        final List<Long> allocations = new ArrayList<>();

        P(String name, int blocks) {
            this.name = name;
            this.used = new boolean[blocks];
        }
    }

    private static final class Fail extends Exception {
        Fail(String module, int code) {
            super(module + " " + code, null, false, false);
        }
    }

    NaiveSlotModel(Device device, List<CeModule> modules, AllocatorOptions options) {
        this.device = device;
        this.ce = device.version().model();
        this.slots = ce != 6;
        this.pre = options.order() == AllocatorOptions.Order.PRE_ORDER;
        this.rollback = options.rollback();
        for (CeModule m : modules) {
            files.putIfAbsent(key(m.fileName()), m);
        }
        g = new boolean[slots ? 512 : 8192];
        gBase = slots ? 0 : 0x40000000L;
        long low = slots ? 0x02000000L : 0x40000000L;
        long high = slots ? 0x02000000L : 0x40000000L;
        for (RomDll r : device.romDlls()) {
            low = Math.min(low, r.base() / B * B);
            high = Math.max(high, (r.end() + B - 1) / B * B);
            if (ce == 5 && r.split()) {
                rwLow = rwLow < 0 ? r.base() / B * B : Math.min(rwLow, r.base() / B * B);
            }
        }
        if (slots) {
            high = Math.max(high, device.romDlls().isEmpty() ? high : device.dllHighAddr());
            romLow = device.romDlls().isEmpty() ? 0x02000000L : low;
            dllLow = romLow;
        } else {
            romLow = 0x40000000L;
            dllLow = device.romDlls().isEmpty() ? 0x60000000L : 0x40000000L;
        }
        for (long a = low; a < Math.min(high, gBase + g.length * B); a += B) {
            g[(int) ((a - gBase) / B)] = true;
        }
        for (LoadedDll l : device.loaded()) {
            long blocks = Math.max(1, (l.sizeOfImage() + B - 1) / B);
            for (int i = 0; i < blocks; i++) {
                g[(int) ((l.base() - gBase) / B) + i] = true;
            }
            table.put(key(l.name()), new long[]{l.base(), blocks});
            permanent.add(key(l.name()));
            dllLow = Math.min(dllLow, l.base());
        }
    }

    static String key(String name) {
        String n = name.toLowerCase();
        return n.contains(".") ? n : n + ".dll";
    }

    Outcome run(List<Step> steps) {
        for (Step s : steps) {
            if (s instanceof Step.Start st) {
                start(st.root());
            } else if (s instanceof Step.LoadLibrary l) {
                P p = procs.get(key(l.process()));
                List<String> added = new ArrayList<>();
                try {
                    load(p, l.dll(), added, new HashSet<>());
                    p.calls.add(key(l.dll()));
                } catch (Fail f) {
                    failed(p, f, added);
                }
            } else if (s instanceof Step.Unload u) {
                unload(procs.get(key(u.process())), key(u.dll()));
            } else if (s instanceof Step.VirtualAlloc v) {
                virtualAlloc(procs.get(key(v.process())), v.size(), v.topDown());
            }
        }
        Map<String, Long> global = new HashMap<>();
        table.forEach((k, v) -> global.put(k, v[0]));
        List<Proc> out = new ArrayList<>();
        for (P p : procs.values()) {
            out.add(new Proc(p.name, p.held, p.failures, p.allocations));
        }
        return new Outcome(dllLow, global, out);
    }

    private void start(String root) {
        P p = new P(root, slots ? 512 : 16384);
        procs.put(key(root), p);
        for (ProcessAllocation a : device.processAllocations()) {
            if (key(a.process()).equals(key(root))) {
                for (long x = a.base() / B * B; x < a.base() + a.size(); x += B) {
                    p.used[(int) (x / B)] = true;
                }
                p.allocations.add(a.base() / B * B);
            }
        }
        CeModule exe = files.get(key(root));
        List<String> added = new ArrayList<>();
        try {
            if (exe != null && !exe.isDll()) {
                long blocks = Math.max(1, (exe.sizeOfImage() + B - 1) / B);
                for (int i = 1; i <= blocks; i++) {
                    if (p.used[i]) {
                        throw new Fail(exe.fileName(), 14);
                    }
                }
                for (int i = 1; i <= blocks; i++) {
                    p.used[i] = true;
                }
                p.allocations.add(0x10000L);
                if (ce != 3) {
                    rwArea(p);
                    stack(p, exe);
                }
                p.roots.add("coredll.dll");
                p.held.put("coredll.dll", 0L);
                added.add("coredll.dll");
                for (String imp : exe.imports()) {
                    p.roots.add(key(imp));
                    load(p, imp, added, new HashSet<>());
                    bind(exe, imp);
                }
                if (ce == 3) {
                    stack(p, exe);
                }
            } else {
                rwArea(p);
                p.roots.add("coredll.dll");
                p.held.put("coredll.dll", 0L);
                added.add("coredll.dll");
                load(p, root, added, new HashSet<>());
                p.calls.add(key(root));
            }
        } catch (Fail f) {
            failed(p, f, added);
        }
    }

    private void rwArea(P p) {
        if (rwLow < 0) {
            return;
        }
        for (long a = rwLow; a < device.dllHighAddr(); a += B) {
            p.used[(int) (a / B)] = true;
        }
        p.allocations.add(rwLow);
    }

    private void stack(P p, CeModule exe) throws Fail {
        long size;
        boolean old = exe.subsystemMajor() < 2 || (exe.subsystemMajor() == 2 && exe.subsystemMinor() < 2);
        if (exe.subsystem() != 9 || old) {
            size = 0x10000;
        } else {
            long page = device.pageSize();
            size = (exe.sizeOfStackReserve() + page - 1) / page * page;
            size = Math.max(size, page == 0x400 ? 0x2000 : 0x4000);
            size = Math.min(size, 0x100000);
        }
        int n = (int) ((size + B - 1) / B);
        int s = lowestFree(p.used, n, 1, belowDllLow(p));
        if (s < 0) {
            throw new Fail(exe.fileName(), 14);
        }
        for (int i = s; i < s + n; i++) {
            p.used[i] = true;
        }
        p.allocations.add(s * B);
    }

    private void virtualAlloc(P p, long size, boolean topDown) {
        String name = String.format("VirtualAlloc(0x%X%s)", size, topDown ? ", MEM_TOP_DOWN" : "");
        if (slots && size >= 0x200000) {
            p.allocations.add(0L);
            return;
        }
        int n = (int) Math.max(1, (size + B - 1) / B);
        int s = topDown && ce == 3 ? highestFree(p.used, n, 1) : lowestFree(p.used, n, 1, belowDllLow(p));
        if (s < 0) {
            p.failures.add(name + " 14");
            return;
        }
        for (int i = s; i < s + n; i++) {
            p.used[i] = true;
        }
        p.allocations.add(s * B);
    }

    private void load(P p, String name, List<String> added, Set<String> entered) throws Fail {
        String k = key(name);
        if (p.held.containsKey(k) || entered.contains(k)) {
            return;
        }
        if (table.containsKey(k)) {
            long[] t = table.get(k);
            if (slots) {
                for (int i = 0; i < t[1]; i++) {
                    if (p.used[(int) (t[0] / B) + i]) {
                        throw new Fail(files.containsKey(k) ? files.get(k).fileName() : name, 14);
                    }
                }
                for (int i = 0; i < t[1]; i++) {
                    p.used[(int) (t[0] / B) + i] = true;
                }
            }
            p.held.put(k, t[0]);
            users.computeIfAbsent(k, x -> new HashSet<>()).add(p.name);
            added.add(k);
            CeModule m = files.get(k);
            if (m != null) {
                entered.add(k);
                for (String imp : m.imports()) {
                    load(p, imp, added, entered);
                }
            }
            return;
        }
        CeModule m = files.get(k);
        if (m == null) {
            throw new Fail(name, 126);
        }
        int n = (int) Math.max(1, (m.sizeOfImage() + B - 1) / B);
        if (!m.isDll() || (m.relocationsStripped() && !(ce == 6 && honoured(m, n) >= 0))) {
            throw new Fail(m.fileName(), 193);
        }
        entered.add(k);
        if (pre) {
            place(p, m, n, added);
        }
        for (String imp : m.imports()) {
            load(p, imp, added, entered);
            bind(m, imp);
        }
        if (!pre) {
            place(p, m, n, added);
        }
    }

    private void bind(CeModule m, String imp) throws Fail {
        for (UnresolvedImport u : m.unresolvedImports()) {
            if (key(u.dll()).equals(key(imp))) {
                throw new Fail(m.fileName(), 127);
            }
        }
    }

    private int honoured(CeModule m, int n) {
        long base = m.imageBase();
        if (base % B != 0) {
            return -1;
        }
        boolean ok;
        if (ce == 6) {
            ok = base >= 0x40000000L && base + n * B <= 0x60000000L;
        } else {
            ok = ce == 5 && (device.romFlags() & 0x40) != 0 && base >= B && base + n * B <= romLow;
        }
        if (!ok) {
            return -1;
        }
        int first = (int) ((base - gBase) / B);
        for (int i = first; i < first + n; i++) {
            if (g[i]) {
                return -1;
            }
        }
        return first;
    }

    private void place(P p, CeModule m, int n, List<String> added) throws Fail {
        int s = honoured(m, n);
        if (s < 0) {
            s = slots ? highestFree(g, n, 1) : lowestFree(g, n, 0);
        }
        if (s < 0) {
            throw new Fail(m.fileName(), 14);
        }
        for (int i = s; i < s + n; i++) {
            g[i] = true;
        }
        long base = gBase + s * B;
        dllLow = Math.min(dllLow, base);
        if (slots) {
            for (int i = s; i < s + n; i++) {
                if (p.used[i]) {
                    for (int j = s; j < s + n; j++) {
                        g[j] = false;
                    }
                    throw new Fail(m.fileName(), 14);
                }
            }
            for (int i = s; i < s + n; i++) {
                p.used[i] = true;
            }
        }
        String k = key(m.fileName());
        table.put(k, new long[]{base, n});
        users.computeIfAbsent(k, x -> new HashSet<>()).add(p.name);
        p.held.put(k, base);
        added.add(k);
    }

    private static int highestFree(boolean[] map, int n, int lowest) {
        for (int top = map.length - 1; top - n + 1 >= lowest; top--) {
            if (windowFree(map, top - n + 1, n)) {
                return top - n + 1;
            }
        }
        return -1;
    }

    /** Bottom-up allocations stay below the DLL load line. */
    private int belowDllLow(P p) {
        return slots ? (int) (dllLow / B) : p.used.length;
    }

    private static int lowestFree(boolean[] map, int n, int lowest) {
        return lowestFree(map, n, lowest, map.length);
    }

    private static int lowestFree(boolean[] map, int n, int lowest, int below) {
        for (int s = lowest; s + n <= Math.min(below, map.length); s++) {
            if (windowFree(map, s, n)) {
                return s;
            }
        }
        return -1;
    }

    private static boolean windowFree(boolean[] map, int s, int n) {
        for (int i = s; i < s + n; i++) {
            if (map[i]) {
                return false;
            }
        }
        return true;
    }

    private void failed(P p, Fail f, List<String> added) {
        p.failures.add(f.getMessage());
        if (!rollback) {
            p.roots.addAll(added);
            return;
        }
        for (int i = added.size() - 1; i >= 0; i--) {
            drop(p, added.get(i));
        }
    }

    private void unload(P p, String k) {
        if (!p.calls.remove(k)) {
            return;
        }
        Set<String> keep = new HashSet<>();
        List<String> todo = new ArrayList<>(p.roots);
        todo.addAll(p.calls);
        while (!todo.isEmpty()) {
            String x = todo.remove(todo.size() - 1);
            if (!p.held.containsKey(x) || !keep.add(x)) {
                continue;
            }
            CeModule m = files.get(x);
            if (m != null) {
                m.imports().forEach(i -> todo.add(key(i)));
            }
        }
        for (String x : new ArrayList<>(p.held.keySet())) {
            if (!keep.contains(x)) {
                drop(p, x);
            }
        }
    }

    private void drop(P p, String k) {
        p.held.remove(k);
        long[] t = table.get(k);
        if (t == null) {
            return;
        }
        if (slots) {
            for (int i = 0; i < t[1]; i++) {
                p.used[(int) (t[0] / B) + i] = false;
            }
        }
        Set<String> u = users.get(k);
        u.remove(p.name);
        if (u.isEmpty() && !permanent.contains(k)) {
            for (int i = 0; i < t[1]; i++) {
                g[(int) ((t[0] - gBase) / B) + i] = false;
            }
            table.remove(k);
        }
    }
}
