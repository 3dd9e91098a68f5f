package pescope.deps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pescope.pe.PeImage;

/**
 * What a root module needs, resolved: modules, edges, imports that fail, cycles and the order in
 * which the loader would initialise the modules. Immutable; built by {@link DependencyResolver}.
 *
 * <p>Cycles and orders are over implicit edges (import and forward): delay loads happen later, in
 * an order the program decides.
 */
public final class DependencyGraph {

    /** A module in initialisation order; inside a cycle the order depends on where the cycle is entered. */
    public record InitStep(ModuleNode module, boolean orderDependsOnCycleEntry) {}

    private final SearchPath searchPath;
    private final List<ModuleNode> modules;
    private final List<PeImage> images;
    private final List<List<Edge>> edgesFrom;
    private final List<List<Edge>> edgesTo;
    private final List<Edge> edges;
    private final List<MissingExport> missingExports;
    private final BitSet implicitlyLoaded;
    private final BitSet inCycle;
    private final List<List<ModuleNode>> cycles;
    private final List<ModuleNode> loadOrder;
    private final List<InitStep> initOrder;
    private final boolean truncated;
    private final ApiSets apiSets;
    private final ActivationContext activationContext;

    /**
     * @param edgesFrom per module, its edges in the order a reader expects: imports in directory
     *                  order, then delay imports, then forwards
     */
    DependencyGraph(SearchPath searchPath, List<ModuleNode> modules, List<PeImage> images, List<List<Edge>> edgesFrom,
            List<MissingExport> missingExports, boolean truncated, ApiSets apiSets, ActivationContext activationContext) {
        this.searchPath = searchPath;
        this.apiSets = apiSets;
        this.activationContext = activationContext;
        this.modules = List.copyOf(modules);
        this.images = Collections.unmodifiableList(new ArrayList<>(images));
        this.edgesFrom = edgesFrom.stream().map(List::copyOf).toList();
        this.edges = this.edgesFrom.stream().flatMap(List::stream).toList();
        List<List<Edge>> to = new ArrayList<>();
        modules.forEach(m -> to.add(new ArrayList<>()));
        edges.forEach(edge -> to.get(edge.to().id()).add(edge));
        this.edgesTo = to.stream().map(List::copyOf).toList();
        this.truncated = truncated;

        int[][] implicit = implicitAdjacency();
        this.cycles = Cycles.of(implicit).stream().map(ids -> ids.stream().map(this.modules::get).toList()).toList();
        this.inCycle = new BitSet(modules.size());
        cycles.forEach(cycle -> cycle.forEach(m -> inCycle.set(m.id())));
        this.implicitlyLoaded = new BitSet(modules.size());
        List<ModuleNode> preOrder = new ArrayList<>();
        List<InitStep> postOrder = new ArrayList<>();
        walkFromRoot(implicit, preOrder, postOrder);
        this.loadOrder = List.copyOf(preOrder);
        this.initOrder = List.copyOf(postOrder);
        // An implicit import of a module that only delay loads reach fails at that delay load.
        this.missingExports = missingExports.stream()
                .map(m -> m.delayLoad() || loadsImplicitly(m.importer()) ? m
                        : new MissingExport(m.importer(), m.dll(), m.symbol(), m.reason(), m.detail(), true))
                .toList();
    }

    public SearchPath searchPath() {
        return searchPath;
    }

    /** The API set schema names were mapped through; empty when there was none. */
    public Optional<ApiSets> apiSets() {
        return Optional.ofNullable(apiSets);
    }

    /** The side-by-side activation context of the root's manifest; empty when it has none. */
    public Optional<ActivationContext> activationContext() {
        return Optional.ofNullable(activationContext);
    }

    public ModuleNode root() {
        return modules.get(0);
    }

    /** Every module once, in discovery order (breadth first from the root). */
    public List<ModuleNode> modules() {
        return modules;
    }

    public ModuleNode module(int id) {
        return modules.get(id);
    }

    /** The parsed image of a module that was read (found or of the wrong machine). */
    public Optional<PeImage> image(ModuleNode module) {
        return Optional.ofNullable(images.get(module.id()));
    }

    /** Every edge once: by importer, then imports in directory order, delay imports, forwards. */
    public List<Edge> edges() {
        return edges;
    }

    public List<Edge> edgesFrom(ModuleNode module) {
        return edgesFrom.get(module.id());
    }

    public List<Edge> edgesTo(ModuleNode module) {
        return edgesTo.get(module.id());
    }

    /** The modules this one needs through edges of the given kinds, in edge order. */
    public List<ModuleNode> dependencies(ModuleNode module, Set<Edge.Kind> kinds) {
        return edgesFrom(module).stream().filter(e -> kinds.contains(e.kind())).map(Edge::to).toList();
    }

    public List<MissingExport> missingExports() {
        return missingExports;
    }

    /** Strongly connected groups of implicit edges (and modules that import themselves), members by id. */
    public List<List<ModuleNode>> cycles() {
        return cycles;
    }

    public boolean inCycle(ModuleNode module) {
        return inCycle.get(module.id());
    }

    /** True when the module loads with the root; false when only delay loads reach it. */
    public boolean loadsImplicitly(ModuleNode module) {
        return implicitlyLoaded.get(module.id());
    }

    /**
     * Found modules in the order the loader reaches them: pre-order of implicit edges from the root,
     * in edge order, a module already reached not entered again. The CE loader reserves address
     * space in this order.
     */
    public List<ModuleNode> loadOrder() {
        return loadOrder;
    }

    /** Found modules in the order their initialisers run: the post-order of the same walk, root last. */
    public List<InitStep> initOrder() {
        return initOrder;
    }

    /** True when {@link DependencyResolver#MAX_MODULES} stopped the resolution. */
    public boolean truncated() {
        return truncated;
    }

    /** Modules that did not load (missing, wrong machine, unreadable). */
    public List<ModuleNode> unresolvedModules() {
        return modules.stream().filter(m -> !m.isFound()).toList();
    }

    /**
     * True when every module was found with no wrong-machine file on the way, and every import is
     * satisfied. Cycles load, so they do not count; nor does an API set contract with no host
     * that only delay loads reach (the program checks for it before calling). A dependent
     * assembly of the manifest that is not found stops the process before any DLL loads.
     */
    public boolean resolvesCompletely() {
        return !truncated && missingExports.isEmpty()
                && (activationContext == null || activationContext.assemblies().stream().allMatch(ActivationContext.Assembly::isFound))
                && modules.stream().allMatch(m -> m.isClean() || m.status() == ModuleNode.Status.ABSENT && !loadsImplicitly(m));
    }

    private int[][] implicitAdjacency() {
        int[][] adjacency = new int[modules.size()][];
        for (ModuleNode module : modules) {
            adjacency[module.id()] = edgesFrom(module).stream()
                    .filter(e -> e.kind().isImplicit())
                    .mapToInt(e -> e.to().id())
                    .toArray();
        }
        return adjacency;
    }

    /** One depth-first walk from the root, without recursion: a 10,000-module chain is a deep stack. */
    private void walkFromRoot(int[][] adjacency, List<ModuleNode> preOrder, List<InitStep> postOrder) {
        int[] nextEdge = new int[modules.size()];
        Deque<Integer> path = new ArrayDeque<>();
        enter(0, path, preOrder);
        while (!path.isEmpty()) {
            int current = path.peek();
            if (nextEdge[current] < adjacency[current].length) {
                int next = adjacency[current][nextEdge[current]++];
                if (!implicitlyLoaded.get(next)) {
                    enter(next, path, preOrder);
                }
                continue;
            }
            path.pop();
            ModuleNode module = modules.get(current);
            if (module.isFound()) {
                postOrder.add(new InitStep(module, inCycle.get(current)));
            }
        }
    }

    private void enter(int id, Deque<Integer> path, List<ModuleNode> preOrder) {
        implicitlyLoaded.set(id);
        path.push(id);
        if (modules.get(id).isFound()) {
            preOrder.add(modules.get(id));
        }
    }

    @Override
    public String toString() {
        return String.format("DependencyGraph[root=%s, %d modules, %d edges, %d missing exports, %d cycles]",
                root().name(), modules.size(), edges.size(), missingExports.size(), cycles.size());
    }

    /** Tarjan's strongly connected components, iterative. */
    static final class Cycles {
        private Cycles() {}

        /** The components that are cycles: two or more members, or one with an edge to itself. */
        static List<List<Integer>> of(int[][] adjacency) {
            int n = adjacency.length;
            int[] index = new int[n];
            int[] low = new int[n];
            int[] nextEdge = new int[n];
            boolean[] onStack = new boolean[n];
            Arrays.fill(index, -1);
            Deque<Integer> stack = new ArrayDeque<>();
            Deque<Integer> calls = new ArrayDeque<>();
            List<List<Integer>> cycles = new ArrayList<>();
            int counter = 0;
            for (int start = 0; start < n; start++) {
                if (index[start] != -1) {
                    continue;
                }
                index[start] = low[start] = counter++;
                stack.push(start);
                onStack[start] = true;
                calls.push(start);
                while (!calls.isEmpty()) {
                    int v = calls.peek();
                    if (nextEdge[v] < adjacency[v].length) {
                        int w = adjacency[v][nextEdge[v]++];
                        if (index[w] == -1) {
                            index[w] = low[w] = counter++;
                            stack.push(w);
                            onStack[w] = true;
                            calls.push(w);
                        } else if (onStack[w]) {
                            low[v] = Math.min(low[v], index[w]);
                        }
                        continue;
                    }
                    calls.pop();
                    if (!calls.isEmpty()) {
                        int parent = calls.peek();
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                    if (low[v] == index[v]) {
                        List<Integer> component = new ArrayList<>();
                        int w;
                        do {
                            w = stack.pop();
                            onStack[w] = false;
                            component.add(w);
                        } while (w != v);
                        if (component.size() > 1 || importsItself(adjacency, v)) {
                            Collections.sort(component);
                            cycles.add(component);
                        }
                    }
                }
            }
            cycles.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
            return cycles;
        }

        private static boolean importsItself(int[][] adjacency, int v) {
            for (int w : adjacency[v]) {
                if (w == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
