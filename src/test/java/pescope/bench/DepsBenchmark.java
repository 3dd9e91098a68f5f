package pescope.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.InMemoryLocator;
import pescope.report.DepsTree;

/**
 * Resolving a large dependency graph held in memory: the cost of resolution itself (search path,
 * export checks with forwarders, SCCs, orders), with no file I/O. Run with bench/deps.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class DepsBenchmark {

    @Param({"10000"})
    int modules;

    private DependencyResolver resolver;
    private DependencyGraph graph;

    @Setup
    public void setUp() {
        InMemoryLocator files = SyntheticModules.build(modules);
        resolver = new DependencyResolver(SyntheticModules.searchPath(), files);
        graph = resolver.resolve(SyntheticModules.ROOT);
    }

    /** Search, load from the locator, check every import, Tarjan, init order. */
    @Benchmark
    public DependencyGraph resolve() {
        return resolver.resolve(SyntheticModules.ROOT);
    }

    /** The tree text of the resolved graph (each module once, problems, init order). */
    @Benchmark
    public String renderTree() {
        return new DepsTree().render(graph);
    }
}
