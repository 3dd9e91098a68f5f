package pescope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.Edge;

/** The benchmark's graph is what it claims to be (counts only; timing is the benchmark's job). */
class SyntheticModulesTest {

    @Test
    void resolvesTenThousandModulesCompletelyWithEveryForwardFollowed() {
        DependencyGraph graph = new DependencyResolver(SyntheticModules.searchPath(),
                SyntheticModules.build(10_000)).resolve(SyntheticModules.ROOT);

        assertTrue(graph.resolvesCompletely(), () -> graph.missingExports().toString());
        assertEquals(10_001, graph.modules().size());
        assertEquals(10_001, graph.initOrder().size());
        assertEquals("m9999.dll", graph.initOrder().get(0).module().name());
        assertEquals(List.of(), graph.cycles());
        assertEquals(1 + 9_999 + 4_999 + 3_333, graph.edges().stream().filter(e -> e.kind() == Edge.Kind.IMPORT).count());
        assertEquals(1_000, graph.edges().stream().filter(e -> e.kind() == Edge.Kind.FORWARD).count());
    }
}
