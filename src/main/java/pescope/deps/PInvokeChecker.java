package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import pescope.deps.ExportIndex.Wanted;
import pescope.pe.Export;
import pescope.pe.Machine;
import pescope.pe.PeImage;
import pescope.pe.clr.PInvokeImport;

/**
 * Checks an assembly's P/Invokes the way the CLR on Windows binds them, against the files a
 * search path finds. What is modelled:
 * <ul>
 * <li>Module: the name as written when it ends in ".dll" or ".exe"; otherwise the name with
 *     ".dll" appended first, then as written (CoreCLR's name variations on Windows; LoadLibrary
 *     itself appends ".dll" only to a name without a dot). Looked up along the search path, the
 *     assembly's folder first, as DllImportSearchPath's default does.</li>
 * <li>Entry point: "#N" is ordinal N. Otherwise, with ExactSpelling only the name as given;
 *     without it, for Ansi (and NotSpec, which marshals as Ansi) the name then name+"A"; for
 *     Unicode and Auto (Auto is Unicode on NT) name+"W" then the name; and when the module is
 *     x86 and the convention stdcall or winapi, "_name@N" for each of those with N the argument
 *     bytes.</li>
 * <li>Forwarders are followed as for imports ({@link DependencyResolver#MAX_FORWARDER_CHAIN}).</li>
 * </ul>
 */
public final class PInvokeChecker {

    private final SearchPath searchPath;
    private final ModuleLocator locator;
    private final Map<Path, PeImage> loaded = new HashMap<>();
    private final Map<Path, ExportIndex> exports = new HashMap<>();

    public PInvokeChecker(SearchPath searchPath, ModuleLocator locator) {
        this.searchPath = searchPath;
        this.locator = locator;
    }

    public PInvokeCheck check(Path assembly, List<PInvokeImport> pinvokes) {
        Path folder = ModuleLocator.folderOf(assembly);
        Map<String, PInvokeCheck.Target> targets = new java.util.LinkedHashMap<>();
        List<PInvokeCheck.Binding> bindings = new ArrayList<>();
        for (PInvokeImport p : pinvokes) {
            if (p.module() == null) {
                continue;
            }
            PInvokeCheck.Target target = targets.computeIfAbsent(ModuleLocator.foldCase(p.module()),
                    key -> findModule(p.module(), folder));
            bindings.add(bind(p, target, folder));
        }
        return new PInvokeCheck(assembly.getFileName().toString(), List.copyOf(targets.values()), bindings);
    }

    /** The names the CLR tries for a DllImport module name, in order. */
    static List<String> moduleNames(String module) {
        String lower = module.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dll") || lower.endsWith(".exe")) {
            return List.of(module);
        }
        return List.of(module + ".dll", module);
    }

    /** Names that cannot be Windows DLLs: shared objects, dylibs, paths, and the Unix PAL shims of Mono and .NET. */
    static boolean looksNonWindows(String module) {
        String lower = module.toLowerCase(Locale.ROOT);
        return lower.contains("/") || lower.endsWith(".so") || lower.contains(".so.") || lower.endsWith(".dylib")
                || lower.equals("libc") || lower.equals("__internal") || lower.startsWith("libmono")
                || lower.equals("monoposixhelper") || lower.matches("system(\\.[a-z]+)*\\.native")
                || lower.startsWith("lib") && !lower.endsWith(".dll");
    }

    private PInvokeCheck.Target findModule(String module, Path folder) {
        List<String> tried = new ArrayList<>();
        SearchStep.Lookup lookup = new SearchStep.Lookup(folder, folder);
        for (String name : moduleNames(module)) {
            tried.add(name);
            List<SearchPath.Hit> hits = searchPath.findAll(name, lookup, locator);
            if (hits.isEmpty()) {
                continue;
            }
            SearchPath.Hit hit = hits.get(0);
            ModuleLocator.Loaded result = locator.load(hit.file());
            if (result instanceof ModuleLocator.Image image) {
                loaded.put(hit.file(), image.image());
                return new PInvokeCheck.Target(module, hit.file(), image.image().machine(), hit.step(), tried, null,
                        looksNonWindows(module));
            }
            return new PInvokeCheck.Target(module, hit.file(), 0, hit.step(), tried,
                    ((ModuleLocator.Failed) result).reason(), looksNonWindows(module));
        }
        return new PInvokeCheck.Target(module, null, 0, null, tried, null, looksNonWindows(module));
    }

    private PInvokeCheck.Binding bind(PInvokeImport p, PInvokeCheck.Target target, Path folder) {
        List<String> tried = new ArrayList<>();
        if (!target.isFound()) {
            return new PInvokeCheck.Binding(p, target, null, null, tried, PInvokeCheck.Reason.MODULE_NOT_FOUND, null);
        }
        boolean x86 = target.machine() == Machine.I386.code();
        for (Candidate candidate : candidates(p, x86)) {
            tried.add(candidate.wanted().toString());
            String forwardedTo = lookUp(target.file(), candidate.wanted(), folder, 0, new HashSet<>());
            if (forwardedTo != null) {
                return new PInvokeCheck.Binding(p, target, candidate.match(), candidate.wanted().toString(), tried, null,
                        forwardedTo.isEmpty() ? null : forwardedTo);
            }
        }
        return new PInvokeCheck.Binding(p, target, null, null, tried, PInvokeCheck.Reason.ENTRY_POINT_NOT_FOUND, null);
    }

    private record Candidate(Wanted wanted, PInvokeCheck.Match match) {}

    /** The names the CLR looks up for one P/Invoke, in order (see the class comment). */
    static List<Candidate> candidates(PInvokeImport p, boolean x86) {
        List<Candidate> candidates = new ArrayList<>();
        String name = p.entryPoint();
        if (p.isByOrdinal()) {
            candidates.add(new Candidate(new Wanted(null, Long.parseLong(name.substring(1))), PInvokeCheck.Match.ORDINAL));
            return candidates;
        }
        if (p.exactSpelling()) {
            candidates.add(new Candidate(new Wanted(name, -1), PInvokeCheck.Match.EXACT));
            return candidates;
        }
        boolean unicode = p.charSet() == PInvokeImport.CharSet.UNICODE || p.charSet() == PInvokeImport.CharSet.AUTO;
        if (unicode) {
            candidates.add(new Candidate(new Wanted(name + "W", -1), PInvokeCheck.Match.SUFFIXED));
            candidates.add(new Candidate(new Wanted(name, -1), PInvokeCheck.Match.EXACT));
        } else {
            candidates.add(new Candidate(new Wanted(name, -1), PInvokeCheck.Match.EXACT));
            candidates.add(new Candidate(new Wanted(name + "A", -1), PInvokeCheck.Match.SUFFIXED));
        }
        String convention = p.callingConvention();
        if (x86 && p.argumentBytes() != null && (convention.equals("stdcall") || convention.equals("winapi"))) {
            for (Candidate plain : List.copyOf(candidates)) {
                candidates.add(new Candidate(new Wanted("_" + plain.wanted().name() + "@" + p.argumentBytes(), -1),
                        PInvokeCheck.Match.DECORATED));
            }
        }
        return candidates;
    }

    /**
     * Whether {@code wanted} is exported by the module at {@code file}, following forwarders: null
     * when not, "" when exported directly, "module!name" where a forwarder chain ends.
     */
    private String lookUp(Path file, Wanted wanted, Path folder, int depth, Set<String> seen) {
        ExportIndex index = exportsOf(file);
        Export export = index == null ? null : index.find(wanted);
        if (export == null) {
            return null;
        }
        if (!export.isForwarder()) {
            return depth == 0 ? "" : file.getFileName() + "!" + wanted;
        }
        if (depth >= DependencyResolver.MAX_FORWARDER_CHAIN || !seen.add(file + "!" + wanted)) {
            return null;
        }
        int dot = export.forwarder().lastIndexOf('.');
        Wanted next = dot > 0 ? Wanted.parseForwarded(export.forwarder().substring(dot + 1)) : null;
        if (next == null) {
            return null;
        }
        String module = DependencyResolver.forwardedModuleName(export.forwarder().substring(0, dot));
        List<SearchPath.Hit> hits = searchPath.findAll(module, new SearchStep.Lookup(folder, folder), locator);
        if (hits.isEmpty()) {
            return null;
        }
        return lookUp(hits.get(0).file(), next, folder, depth + 1, seen);
    }

    /** The exports of a file, read once; null when it does not load. */
    private ExportIndex exportsOf(Path file) {
        if (!exports.containsKey(file)) {
            PeImage image = loaded.get(file);
            if (image == null && locator.load(file) instanceof ModuleLocator.Image read) {
                image = read.image();
            }
            exports.put(file, image == null ? null : new ExportIndex(image));
        }
        return exports.get(file);
    }
}
