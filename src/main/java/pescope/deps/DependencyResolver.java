package pescope.deps;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;
import pescope.deps.ExportIndex.Wanted;
import pescope.deps.ModuleNode.Status;
import pescope.pe.Anomaly;
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

    /**
     * What stops the NT loader from mapping an image or binding through it: section data past
     * the end of the file (the image section cannot be created, STATUS_INVALID_IMAGE_FORMAT),
     * and import or export data it cannot walk. pescope's own caps (TABLE_TOO_LONG) and damage
     * to the delay-import directory, which only the delay-load helper reads, are not in it.
     */
    static final Set<Anomaly.Kind> DAMAGE = EnumSet.of(
            Anomaly.Kind.SECTION_RAW_DATA_PAST_EOF,
            Anomaly.Kind.SIZE_OF_HEADERS_PAST_EOF,
            Anomaly.Kind.SECTION_TABLE_TRUNCATED,
            Anomaly.Kind.IMPORT_DIRECTORY_DAMAGED,
            Anomaly.Kind.IMPORT_DIRECTORY_UNTERMINATED,
            Anomaly.Kind.IMPORT_DESCRIPTOR_DAMAGED,
            Anomaly.Kind.IMPORT_TABLE_DAMAGED,
            Anomaly.Kind.IMPORT_NAME_DAMAGED,
            Anomaly.Kind.EXPORT_DIRECTORY_DAMAGED,
            Anomaly.Kind.EXPORT_NAME_DAMAGED,
            Anomaly.Kind.FORWARDER_DAMAGED);

    private final SearchPath searchPath;
    private final ModuleLocator locator;
    private final boolean followDelayLoads;
    private final int maxDepth;
    private final ApiSets apiSets;
    private final Function<Path, ActivationContext> activationContexts;

    public DependencyResolver(SearchPath searchPath, ModuleLocator locator) {
        this(searchPath, locator, false, UNLIMITED_DEPTH, null, null);
    }

    private DependencyResolver(SearchPath searchPath, ModuleLocator locator, boolean followDelayLoads, int maxDepth,
            ApiSets apiSets, Function<Path, ActivationContext> activationContexts) {
        this.searchPath = searchPath;
        this.locator = locator;
        this.followDelayLoads = followDelayLoads;
        this.maxDepth = maxDepth;
        this.apiSets = apiSets;
        this.activationContexts = activationContexts;
    }

    /** Also resolve delay-import directories, as delay edges. */
    public DependencyResolver followingDelayLoads(boolean follow) {
        return new DependencyResolver(searchPath, locator, follow, maxDepth, apiSets, activationContexts);
    }

    /** Map API set contracts to their hosts through this schema before any search; null: no schema. */
    public DependencyResolver withApiSets(ApiSets schema) {
        return new DependencyResolver(searchPath, locator, followDelayLoads, maxDepth, schema, activationContexts);
    }

    /**
     * Redirect DLL names, before KnownDLLs and the search path, through the side-by-side
     * activation context that this function gives for an EXE root (the process default context,
     * from its manifest; null when it has none). A DLL root gets none. Null: no redirection.
     */
    public DependencyResolver withActivationContexts(Function<Path, ActivationContext> contexts) {
        return new DependencyResolver(searchPath, locator, followDelayLoads, maxDepth, apiSets, contexts);
    }

    /** The same resolver reading modules through another locator (one per thread: locators cache). */
    public DependencyResolver withLocator(ModuleLocator other) {
        return new DependencyResolver(searchPath, other, followDelayLoads, maxDepth, apiSets, activationContexts);
    }

    public ApiSets apiSets() {
        return apiSets;
    }


    /** Resolve the imports of modules fewer than {@code depth} edges from the root only; 1 = the root's own imports. */
    public DependencyResolver withMaxDepth(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more, not " + depth);
        }
        return new DependencyResolver(searchPath, locator, followDelayLoads, depth, apiSets, activationContexts);
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
        final List<String> edgeContracts = new ArrayList<>();
        List<Anomaly> anomalies = List.of();
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
            return new ModuleNode(id, name, status, path, foundBy, machine, problem, skipped, laterMatch, depth, expanded, anomalies);
        }
    }

    private record EdgeKey(int from, int to, Edge.Kind kind, String contract) {
        // Written out: a record's own equals and hashCode are bound at their first call through
        // the ObjectMethods bootstrap, whose method handles cost a short run several milliseconds.
        @Override
        public boolean equals(Object other) {
            return other instanceof EdgeKey key && key.from == from && key.to == to && key.kind == kind
                    && Objects.equals(key.contract, contract);
        }

        @Override
        public int hashCode() {
            return ((from * 31 + to) * 31 + kind.ordinal()) * 31 + Objects.hashCode(contract);
        }
    }

    private static int edgeGroup(Edge edge) {
        return switch (edge.kind()) {
            case IMPORT, APISET -> 0;
            case DELAY, DELAY_APISET -> 1;
            case FORWARD -> 2;
        };
    }

    /** A missing export before the graph knows which importers load only through delay loads. */
    private record Failure(int importer, String dll, String symbol, MissingExport.Reason reason, String detail, boolean delayImport) {
        // Written out, as EdgeKey's: no ObjectMethods bootstrap at the first failure.
        @Override
        public boolean equals(Object other) {
            return other instanceof Failure failure && failure.importer == importer && Objects.equals(failure.dll, dll)
                    && Objects.equals(failure.symbol, symbol) && failure.reason == reason && Objects.equals(failure.detail, detail)
                    && failure.delayImport == delayImport;
        }

        @Override
        public int hashCode() {
            return Objects.hash(importer, dll, symbol, reason, detail, delayImport);
        }
    }

    /** The state of one resolution. */
    private final class Resolution {
        private final Path rootFile;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Node> byName = new HashMap<>();
        private final Map<Path, Node> byPath = new HashMap<>();
        private final Set<EdgeKey> edgeKeys = new HashSet<>();
        private final Set<Failure> failures = new LinkedHashSet<>();
        private final Queue<Node> toExpand = new ArrayDeque<>();
        private ActivationContext activationContext;
        private int processMachine;
        private boolean truncated;

        Resolution(Path rootFile) {
            this.rootFile = rootFile;
        }

        DependencyGraph run() {
            Node root = loadRoot();
            // The process default context comes from the EXE's manifest; a DLL's own context
            // (RT_MANIFEST #2, for its imports only) is not modelled.
            if (activationContexts != null && root.image != null && !root.image.isDll()) {
                activationContext = activationContexts.apply(rootFile);
            }
            if (root.status == Status.FOUND || root.status == Status.DAMAGED) {
                // A damaged root is still walked: what can be read of it is what the user asks about.
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
                root = damagedOrAsIs(root);
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
            Target target = resolveName(imported.dllName(), importer, importer.depth + 1);
            if (target.node() == null) {
                return;
            }
            boolean delay = kind == Edge.Kind.DELAY;
            addEdge(importer, target.node(), target.contract() == null ? kind : delay ? Edge.Kind.DELAY_APISET : Edge.Kind.APISET,
                    target.contract());
            if (target.node().status != Status.FOUND) {
                return;
            }
            for (ImportedSymbol symbol : imported.symbols()) {
                checkSymbol(importer, imported.dllName(), target.node(), Wanted.of(symbol), delay);
            }
        }

        /** A module an imported name leads to, and the API set contract it went through, as imported (or null). */
        private record Target(Node node, String contract) {}

        /**
         * What an imported (or forwarded-to) name leads to: the host of an API set contract, a
         * node for a contract with no host, or the module the search finds.
         */
        private Target resolveName(String dllName, Node importer, int depth) {
            if (apiSets != null) {
                ApiSets.Lookup lookup = apiSets.lookup(dllName, importer.name);
                if (lookup instanceof ApiSets.Hosted hosted) {
                    // The edge names the contract as the importer wrote it; the schema's entry may differ in its last version part.
                    return new Target(resolveModule(hosted.host(), importer, depth, true), dllName);
                }
                if (lookup instanceof ApiSets.Absent absent) {
                    return new Target(absentContract(dllName, absent.contract(), depth), null);
                }
            }
            return new Target(resolveModule(dllName, importer, depth, false), null);
        }

        /** One node per contract the schema lists with no host. */
        private Node absentContract(String dllName, String contract, int depth) {
            String key = "apiset:" + ModuleLocator.foldCase(contract);
            Node known = byName.get(key);
            if (known != null) {
                return known;
            }
            if (nodes.size() >= MAX_MODULES) {
                truncated = true;
                return null;
            }
            return register(new Node(nodes.size(), dllName, Status.ABSENT, null, "apiset", 0,
                    "the API set schema lists " + contract + " with no host: absent on this system", null, null, depth, null), key);
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
                Target reached = resolveName(forwardedModuleName(export.forwarder().substring(0, dot)), current, current.depth + 1);
                Node target = reached.node();
                if (target == null) {
                    return;
                }
                addEdge(current, target, Edge.Kind.FORWARD, reached.contract());
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

        /**
         * The node an imported name resolves to, created on first sight; null once the module
         * limit is reached. {@code viaApiSet}: the name is a contract's host, so the module says
         * it was found through the schema.
         */
        private Node resolveModule(String dllName, Node importer, int depth, boolean viaApiSet) {
            String key = searchPath.matching().key(dllName);
            Node known = byName.get(key);
            if (known != null) {
                return known;
            }
            if (nodes.size() >= MAX_MODULES) {
                truncated = true;
                return null;
            }
            List<SearchPath.Hit> hits = new ArrayList<>();
            if (activationContext != null) {
                activationContext.redirect(dllName).ifPresent(file -> hits.add(new SearchPath.Hit("sxs", file)));
            }
            if (hits.isEmpty()) {
                SearchStep.Lookup from = new SearchStep.Lookup(folderOf(importer), ModuleLocator.folderOf(rootFile));
                hits.addAll(searchPath.findAll(dllName, from, locator));
            }
            if (hits.isEmpty()) {
                return register(new Node(nodes.size(), dllName, Status.MISSING, null, viaApiSet ? "apiset" : null, 0,
                        viaApiSet ? "the API set host is not on the search path" : "not found on the search path",
                        null, null, depth, null), key);
            }
            Node node = load(hits, depth, viaApiSet);
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

        /** The same node as DAMAGED when its image has damage that stops the loader. */
        private Node damagedOrAsIs(Node node) {
            List<Anomaly> damage = node.image.anomalies().stream().filter(a -> DAMAGE.contains(a.kind())).toList();
            if (damage.isEmpty()) {
                return node;
            }
            String problem = damage.size() == 1 ? damage.get(0).message()
                    : damage.get(0).message() + " (and " + (damage.size() - 1) + " more)";
            Node damaged = new Node(node.id, node.name, Status.DAMAGED, node.path, node.foundBy, node.machine, problem,
                    node.skipped, null, node.depth, node.image);
            damaged.anomalies = damage;
            return damaged;
        }

        /** The importer's folder; a module that was not read (a missing one) has none. */
        private Path folderOf(Node importer) {
            return importer.path == null ? ModuleLocator.folderOf(rootFile) : ModuleLocator.folderOf(importer.path);
        }

        /** Loads the files the search found, in order, until one decides the outcome. */
        private Node load(List<SearchPath.Hit> hits, int depth, boolean viaApiSet) {
            Node node = load(hits, depth);
            if (!viaApiSet) {
                return node;
            }
            Node relabelled = new Node(node.id, node.name, node.status, node.path, "apiset", node.machine, node.problem,
                    node.skipped, node.laterMatch, node.depth, node.image);
            relabelled.anomalies = node.anomalies;
            return relabelled;
        }

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
                    return damagedOrAsIs(new Node(id, name, Status.FOUND, hit.file(), hit.step(), image.machine(),
                            wrong == null ? null : "passed over " + wrong.problem, wrong == null ? null : wrong.path,
                            null, depth, image));
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
            addEdge(from, to, kind, null);
        }

        private void addEdge(Node from, Node to, Edge.Kind kind, String contract) {
            if (edgeKeys.add(new EdgeKey(from.id, to.id, kind, contract))) {
                from.edgeKinds.add(kind);
                from.edgeTargets.add(to.id);
                from.edgeContracts.add(contract);
            }
        }

        private DependencyGraph toGraph() {
            List<ModuleNode> modules = nodes.stream().map(Node::toModuleNode).toList();
            List<PeImage> images = nodes.stream().map(n -> n.image).toList();
            List<List<Edge>> edgesFrom = new ArrayList<>();
            for (Node node : nodes) {
                List<Edge> edges = new ArrayList<>();
                for (int i = 0; i < node.edgeKinds.size(); i++) {
                    edges.add(new Edge(modules.get(node.id), modules.get(node.edgeTargets.get(i)), node.edgeKinds.get(i),
                            node.edgeContracts.get(i)));
                }
                // Stable: imports (API sets among them) keep directory order, then delay imports, then forwards.
                edges.sort(Comparator.comparingInt(DependencyResolver::edgeGroup));
                edgesFrom.add(edges);
            }
            List<MissingExport> missing = failures.stream()
                    .map(f -> new MissingExport(modules.get(f.importer()), f.dll(), f.symbol(), f.reason(), f.detail(), f.delayImport()))
                    .toList();
            return new DependencyGraph(searchPath, modules, images, edgesFrom, missing, truncated, apiSets, activationContext);
        }
    }

    /** NT's loader appends ".DLL" to a forwarder's module name; a name that has it already is kept. */
    static String forwardedModuleName(String module) {
        return module.toLowerCase(Locale.ROOT).endsWith(".dll") ? module : module + ".dll";
    }
}
