package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pescope.testing.ImageBuilder;

/** Invariants of resolution on random graphs: imports[i] lists what m{i} imports; indices past the end are missing DLLs. */
class DependencyGraphPropertiesTest {

    private static DependencyGraph resolve(List<List<Integer>> imports) {
        InMemoryLocator files = new InMemoryLocator();
        for (int i = 0; i < imports.size(); i++) {
            ImageBuilder module = i == 0 ? ImageBuilder.exe("m0.exe") : ImageBuilder.dll("m" + i + ".dll");
            for (int target : imports.get(i)) {
                module.imports(target == 0 ? "m0.exe" : "m" + target + ".dll");
            }
            files.add(Path.of("/app").resolve(i == 0 ? "m0.exe" : "m" + i + ".dll"), module.build());
        }
        return new DependencyResolver(SearchPath.nt(List.of(), List.of()), files).resolve(Path.of("/app/m0.exe"));
    }

    @Property
    void initOrderHoldsEachImplicitlyLoadedFoundModuleExactlyOnce(
            @ForAll @Size(min = 1, max = 25) List<@Size(max = 4) List<@IntRange(max = 30) Integer>> imports) {
        DependencyGraph graph = resolve(imports);

        List<ModuleNode> order = graph.initOrder().stream().map(DependencyGraph.InitStep::module).toList();
        Set<ModuleNode> expected = new HashSet<>();
        graph.modules().stream().filter(m -> m.isFound() && graph.loadsImplicitly(m)).forEach(expected::add);
        assertEquals(expected.size(), order.size());
        assertEquals(expected, new HashSet<>(order));
        assertEquals(graph.root(), order.get(order.size() - 1));
    }

    @Property
    void initOrderPutsEveryDependencyBeforeItsImporterOutsideCycles(
            @ForAll @Size(min = 1, max = 25) List<@Size(max = 4) List<@IntRange(max = 30) Integer>> imports) {
        DependencyGraph graph = resolve(imports);

        List<ModuleNode> order = graph.initOrder().stream().map(DependencyGraph.InitStep::module).toList();
        for (Edge edge : graph.edges()) {
            boolean sameCycle = graph.cycles().stream().anyMatch(c -> c.contains(edge.from()) && c.contains(edge.to()));
            if (edge.to().isFound() && order.contains(edge.from()) && !sameCycle) {
                assertTrue(order.indexOf(edge.to()) < order.indexOf(edge.from()), edge.toString());
            }
        }
    }

    @Property
    void cyclesAreExactlyTheGroupsOfMutuallyReachableModules(
            @ForAll @Size(min = 1, max = 25) List<@Size(max = 4) List<@IntRange(max = 30) Integer>> imports) {
        DependencyGraph graph = resolve(imports);

        int n = graph.modules().size();
        BitSet[] reach = new BitSet[n];
        for (ModuleNode m : graph.modules()) {
            reach[m.id()] = reachableFrom(graph, m);
        }
        for (ModuleNode a : graph.modules()) {
            for (ModuleNode b : graph.modules()) {
                boolean mutual = a != b ? reach[a.id()].get(b.id()) && reach[b.id()].get(a.id()) : reach[a.id()].get(a.id());
                boolean reported = graph.cycles().stream().anyMatch(c -> c.contains(a) && c.contains(b));
                assertEquals(mutual, reported, a.name() + " / " + b.name());
            }
        }
    }

    /** Modules reachable from m by one or more edges, the naive way. */
    private static BitSet reachableFrom(DependencyGraph graph, ModuleNode m) {
        BitSet seen = new BitSet();
        Deque<ModuleNode> todo = new ArrayDeque<>(graph.dependencies(m, Set.of(Edge.Kind.IMPORT)));
        while (!todo.isEmpty()) {
            ModuleNode next = todo.pop();
            if (!seen.get(next.id())) {
                seen.set(next.id());
                todo.addAll(graph.dependencies(next, Set.of(Edge.Kind.IMPORT)));
            }
        }
        return seen;
    }
}
