package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import pescope.deps.ExportIndex.Wanted;
import pescope.deps.ModuleNode.Status;
import pescope.pe.Export;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.Machine;
import pescope.pe.NameDecoding;
import pescope.pe.PeImage;

/**
 * Builds the {@link DependencyGraph} of a root module: resolves each imported DLL along a
 * {@link SearchPath} through a {@link ModuleLocator}, and checks every imported symbol against the
 * exports of the module it resolves to.
 *
 * <p>Loader rules it follows, and choices it makes:
 * <ul>
 * <li>A module name, once resolved, stays resolved: a later import of the same name binds to the
 *     same module, wherever the importer sits (the loader finds loaded modules by base name).
 *     Modules are expanded breadth first, so a module is reached at its smallest depth.
 * <li>The first file that the search path finds is the one the loader takes, unless it is for
 *     another machine: then the {@link SearchPath.WrongMachine} policy decides whether the search
 *     stops there (the module is {@code WRONG_MACHINE}, and a right file further down is noted
 *     as {@link ModuleNode#laterMatch()}) or goes on (the file passed over is noted as
 *     {@link ModuleNode#skipped()}, and still counts as a problem). A file that is not a PE image
 *     stops the search either way.
 * <li>A forwarded export that an import uses adds a forward edge from the forwarding module to
 *     the forwarder's target (NT appends ".dll" to the target's name), and the symbol is looked up
 *     there in turn, at most {@link #MAX_FORWARDER_CHAIN} times, stopping at the first repeat.
 *     Forwards are followed whatever the depth limit, since the import is not satisfied without.
 * <li>Delay imports are followed only when asked; they never count as load-time needs.
 * </ul>
 */
public final class DependencyResolver {

    /** Modules in one graph; the largest real closures (a full Windows install) stay below 4,000. */
    public static final int MAX_MODULES = 65_536;
    /** Forwarders followed for one import; the loader has no limit but real chains are 1 or 2 long. */
    public static final int MAX_FORWARDER_CHAIN = 32;
    public static final int UNLIMITED_DEPTH = Integer.MAX_VALUE;

    private final SearchPath searchPath;
    private final ModuleLocator locator;
    private final boolean followDelayLoads;
    private final int maxDepth;

    public DependencyResolver(SearchPath searchPath, ModuleLocator locator) {
        this(searchPath, locator, false, UNLIMITED_DEPTH);
    }

    private DependencyResolver(SearchPath searchPath, ModuleLocator locator, boolean followDelayLoads, int maxDepth) {
        this.searchPath = searchPath;
        this.locator = locator;
        this.followDelayLoads = followDelayLoads;
        this.maxDepth = maxDepth;
    }

    /** Also resolve delay-import directories, as delay edges. */
    public DependencyResolver followingDelayLoads(boolean follow) {
        return new DependencyResolver(searchPath, locator, follow, maxDepth);
    }

    /** Resolve the imports of modules fewer than {@code depth} edges from the root only; 1 = the root's own imports. */
    public DependencyResolver withMaxDepth(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more, not " + depth);
        }
        return new DependencyResolver(searchPath, locator, followDelayLoads, depth);
    }

    /** The graph of everything the module in that file needs. A root that cannot be read is a graph of one unreadable node. */
    public DependencyGraph resolve(Path rootFile) {
        return new Resolution(rootFile).run();
    }

    /**
     * Whether a process of one machine can load a module of another: the same machine, or ARM and
     * Thumb (CE's ARMV4I interworking), or ARM64 and ARM64X (an ARM64X image holds ARM64 code).
     */
    static boolean canLoad(int processMachine, int moduleMachine) {
        if (processMachine == moduleMachine) {
            return true;
        }
        return isArm32Ce(processMachine) && isArm32Ce(moduleMachine)
                || isArm64(processMachine) && isArm64(moduleMachine);
    }

    private static boolean isArm32Ce(int machine) {
        return machine == Machine.ARM.code() || machine == Machine.THUMB.code();
    }

    private static boolean isArm64(int machine) {
        return machine == Machine.ARM64.code() || machine == Machine.ARM64X.code();
    }

    /** A module while the graph is being built. */
    private static final class Node {
        final int id;
        final String name;
        final Status status;
        final Path path;
        final String foundBy;
        final int machine;
        final String problem;
        final Path skipped;
        final Path laterMatch;
        final int depth;
        final PeImage image;
        final List<Edge.Kind> edgeKinds = new ArrayList<>();
        final List<Integer> edgeTargets = new ArrayList<>();
        boolean expanded;
        ExportIndex exports;

        Node(int id, String name, Status status, Path path, String foundBy, int machine, String problem,
                Path skipped, Path laterMatch, int depth, PeImage image) {
            this.id = id;
            this.name = name;
            this.status = status;
            this.path = path;
            this.foundBy = foundBy;
            this.machine = machine;
            this.problem = problem;
            this.skipped = skipped;
            this.laterMatch = laterMatch;
            this.depth = depth;
            this.image = image;
        }

        ExportIndex exports() {
            if (exports == null) {
                exports = new ExportIndex(image);
            }
            return exports;
        }

        ModuleNode toModuleNode() {
            return new ModuleNode(id, name, status, path, foundBy, machine, problem, skipped, laterMatch, depth, expanded);
        }
    }

    /** A missing export before the graph knows which importers load only through delay loads. */
    private record Failure(int importer, String dll, String symbol, MissingExport.Reason reason, String detail, boolean delayImport) {}

    /** The state of one resolution. */
    private final class Resolution {
        private final Path rootFile;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Node> byName = new HashMap<>();
        private final Map<Path, Node> byPath = new HashMap<>();
        private final Set<Long> edgeKeys = new HashSet<>();
        private final Set<Failure> failures = new LinkedHashSet<>();
        private final Queue<Node> toExpand = new ArrayDeque<>();
        private int processMachine;
        private boolean truncated;

        Resolution(Path rootFile) {
            this.rootFile = rootFile;
        }

        DependencyGraph run() {
            Node root = loadRoot();
            if (root.status == Status.FOUND) {
                toExpand.add(root);
            }
            while (!toExpand.isEmpty()) {
                Node node = toExpand.remove();
                if (node.depth < maxDepth) {
                    expand(node);
                }
            }
            return toGraph();
        }

        private Node loadRoot() {
            String name = NameDecoding.ofPath(rootFile.getFileName() != null ? rootFile.getFileName() : rootFile);
            ModuleLocator.Loaded loaded = locator.load(rootFile);
            Node root;
            if (loaded instanceof ModuleLocator.Image image) {
                processMachine = image.image().machine();
                root = new Node(0, name, Status.FOUND, rootFile, "root", processMachine, null, null, null, 0, image.image());
            } else {
                root = new Node(0, name, Status.UNREADABLE, rootFile, "root", 0, ((ModuleLocator.Failed) loaded).reason(), null, null, 0, null);
            }
            register(root, searchPath.matching().key(name));
            return root;
        }

        private void expand(Node importer) {
            importer.expanded = true;
            for (ImportedModule imported : importer.image.imports()) {
                resolveImport(importer, imported, Edge.Kind.IMPORT);
            }
            if (followDelayLoads) {
                for (ImportedModule imported : importer.image.delayImports()) {
                    resolveImport(importer, imported, Edge.Kind.DELAY);
                }
            }
        }

        private void resolveImport(Node importer, ImportedModule imported, Edge.Kind kind) {
            Node target = resolveModule(imported.dllName(), importer, importer.depth + 1);
            if (target == null) {
                return;
            }
            addEdge(importer, target, kind);
            if (target.status != Status.FOUND) {
                return;
            }
            for (ImportedSymbol symbol : imported.symbols()) {
                checkSymbol(importer, imported.dllName(), target, Wanted.of(symbol), kind == Edge.Kind.DELAY);
            }
        }

        /** Checks one imported symbol; most bind to a plain export at once. */
        private void checkSymbol(Node importer, String dll, Node module, Wanted wanted, boolean delayImport) {
            Export export = module.exports().find(wanted);
            if (export == null) {
                fail(importer, dll, wanted, MissingExport.Reason.NOT_EXPORTED, "", delayImport);
            } else if (export.isForwarder()) {
                followForwarders(importer, dll, module, wanted, delayImport);
            }
        }

        /** Follows one imported symbol through forwarders until an export satisfies it or it fails. */
        private void followForwarders(Node importer, String dll, Node module, Wanted wanted, boolean delayImport) {
            List<String> chain = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Node current = module;
            Wanted symbol = wanted;
            for (int hop = 0; ; hop++) {
                String link = current.name + "!" + symbol;
                chain.add(link);
                if (!seen.add(current.id + "!" + symbol)) {
                    fail(importer, dll, wanted, MissingExport.Reason.FORWARDER_LOOP, String.join(" → ", chain), delayImport);
                    return;
                }
                Export export = current.exports().find(symbol);
                if (export == null) {
                    fail(importer, dll, wanted, hop == 0 ? MissingExport.Reason.NOT_EXPORTED : MissingExport.Reason.FORWARD_NOT_EXPORTED,
                            hop == 0 ? "" : String.join(" → ", chain), delayImport);
                    return;
                }
                if (!export.isForwarder()) {
                    return;
                }
                if (hop == MAX_FORWARDER_CHAIN) {
                    fail(importer, dll, wanted, MissingExport.Reason.FORWARDER_CHAIN_TOO_LONG,
                            String.format("more than %d forwarders from %s", MAX_FORWARDER_CHAIN, chain.get(0)), delayImport);
                    return;
                }
                int dot = export.forwarder().lastIndexOf('.');
                Wanted next = dot > 0 ? Wanted.parseForwarded(export.forwarder().substring(dot + 1)) : null;
                if (next == null) {
                    fail(importer, dll, wanted, MissingExport.Reason.FORWARDER_MALFORMED,
                            link + " forwards to \"" + export.forwarder() + "\"", delayImport);
                    return;
                }
                Node target = resolveModule(forwardedModuleName(export.forwarder().substring(0, dot)), current, current.depth + 1);
                if (target == null) {
                    return;
                }
                addEdge(current, target, Edge.Kind.FORWARD);
                if (target.status != Status.FOUND) {
                    chain.add(target.name + "!" + next);
                    fail(importer, dll, wanted, MissingExport.Reason.FORWARD_TARGET_NOT_LOADED,
                            String.join(" → ", chain) + ": " + target.problem, delayImport);
                    return;
                }
                current = target;
                symbol = next;
            }
        }

        private void fail(Node importer, String dll, Wanted wanted, MissingExport.Reason reason, String detail, boolean delayImport) {
            failures.add(new Failure(importer.id, dll, wanted.toString(), reason, detail, delayImport));
        }

        /** The node an imported name resolves to, created on first sight; null once the module limit is reached. */
        private Node resolveModule(String dllName, Node importer, int depth) {
            String key = searchPath.matching().key(dllName);
            Node known = byName.get(key);
            if (known != null) {
                return known;
            }
            if (nodes.size() >= MAX_MODULES) {
                truncated = true;
                return null;
            }
            SearchStep.Lookup from = new SearchStep.Lookup(ModuleLocator.folderOf(importer.path), ModuleLocator.folderOf(rootFile));
            List<SearchPath.Hit> hits = searchPath.findAll(dllName, from, locator);
            if (hits.isEmpty()) {
                return register(new Node(nodes.size(), dllName, Status.MISSING, null, null, 0,
                        "not found on the search path", null, null, depth, null), key);
            }
            Node node = load(hits, depth);
            Node sameFile = byPath.get(node.path);
            if (sameFile != null) {
                byName.put(key, sameFile);
                return sameFile;
            }
            register(node, key);
            if (node.status == Status.FOUND) {
                toExpand.add(node);
            }
            return node;
        }

        /** Loads the files the search found, in order, until one decides the outcome. */
        private Node load(List<SearchPath.Hit> hits, int depth) {
            int id = nodes.size();
            Node wrong = null;
            for (int i = 0; i < hits.size(); i++) {
                SearchPath.Hit hit = hits.get(i);
                String name = NameDecoding.ofPath(hit.file().getFileName());
                ModuleLocator.Loaded loaded = locator.load(hit.file());
                if (loaded instanceof ModuleLocator.Failed failed) {
                    return new Node(id, name, Status.UNREADABLE, hit.file(), hit.step(), 0, failed.reason(),
                            wrong == null ? null : wrong.path, null, depth, null);
                }
                PeImage image = ((ModuleLocator.Image) loaded).image();
                if (canLoad(processMachine, image.machine())) {
                    return new Node(id, name, Status.FOUND, hit.file(), hit.step(), image.machine(),
                            wrong == null ? null : "passed over " + wrong.problem, wrong == null ? null : wrong.path,
                            null, depth, image);
                }
                if (wrong == null) {
                    String problem = String.format("%s, which is for %s, not %s", hit.file(),
                            Machine.describe(image.machine()), Machine.describe(processMachine));
                    wrong = new Node(id, name, Status.WRONG_MACHINE, hit.file(), hit.step(), image.machine(), problem,
                            null, null, depth, image);
                }
                if (searchPath.wrongMachine() == SearchPath.WrongMachine.STOP) {
                    String problem = "the search stops at " + wrong.problem;
                    return new Node(id, name, Status.WRONG_MACHINE, hit.file(), hit.step(), image.machine(), problem,
                            null, laterMatch(hits.subList(i + 1, hits.size())), depth, image);
                }
            }
            return new Node(id, wrong.name, Status.WRONG_MACHINE, wrong.path, wrong.foundBy, wrong.machine,
                    "no file for " + Machine.describe(processMachine) + " on the search path; the first was " + wrong.problem,
                    null, null, depth, wrong.image);
        }

        /** The first of these files that this process could load. */
        private Path laterMatch(List<SearchPath.Hit> hits) {
            for (SearchPath.Hit hit : hits) {
                if (locator.load(hit.file()) instanceof ModuleLocator.Image image && canLoad(processMachine, image.image().machine())) {
                    return hit.file();
                }
            }
            return null;
        }

        private Node register(Node node, String key) {
            nodes.add(node);
            byName.put(key, node);
            if (node.path != null) {
                byPath.putIfAbsent(node.path, node);
            }
            return node;
        }

        private void addEdge(Node from, Node to, Edge.Kind kind) {
            long key = ((long) from.id << 33) | ((long) to.id << 2) | kind.ordinal();
            if (edgeKeys.add(key)) {
                from.edgeKinds.add(kind);
                from.edgeTargets.add(to.id);
            }
        }

        private DependencyGraph toGraph() {
            List<ModuleNode> modules = nodes.stream().map(Node::toModuleNode).toList();
            List<PeImage> images = nodes.stream().map(n -> n.image).toList();
            List<List<Edge>> edgesFrom = new ArrayList<>();
            for (Node node : nodes) {
                List<Edge> edges = new ArrayList<>();
                for (int i = 0; i < node.edgeKinds.size(); i++) {
                    edges.add(new Edge(modules.get(node.id), modules.get(node.edgeTargets.get(i)), node.edgeKinds.get(i)));
                }
                // Stable: imports keep directory order, then delay imports, then forwards.
                edges.sort(Comparator.comparing(Edge::kind));
                edgesFrom.add(edges);
            }
            List<MissingExport> missing = failures.stream()
                    .map(f -> new MissingExport(modules.get(f.importer()), f.dll(), f.symbol(), f.reason(), f.detail(), f.delayImport()))
                    .toList();
            return new DependencyGraph(searchPath, modules, images, edgesFrom, missing, truncated);
        }
    }

    /** NT's loader appends ".DLL" to a forwarder's module name; a name that has it already is kept. */
    static String forwardedModuleName(String module) {
        return module.toLowerCase(Locale.ROOT).endsWith(".dll") ? module : module + ".dll";
    }
}
