package pescope.bench;

import java.util.ArrayList;
import java.util.List;
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
import pescope.ce.AllocatorOptions;
import pescope.ce.CeModule;
import pescope.ce.Device;
import pescope.ce.ImageModules;
import pescope.ce.InMemoryModuleCatalog;
import pescope.ce.SlotAllocator;
import pescope.ce.SlotMap;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;

/**
 * The CE slot allocator on the 10,000-module synthetic graph of {@link DepsBenchmark}: the graph
 * becomes the allocator's catalog, then the root starts. On CE 3 the slot fills after some 500
 * DLLs and the rest fail with 14 (rollback off, so all of them are tried); on CE 6 the 512 MB
 * region takes 8,192 blocks. Run with bench/jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SlotBenchmark {

    @Param({"10000"})
    int modules;

    @Param({"3", "6"})
    int ceVersion;

    private InMemoryModuleCatalog catalog;
    private DependencyGraph graph;

    @Setup
    public void setUp() {
        graph = new DependencyResolver(SyntheticModules.searchPath(), SyntheticModules.build(modules))
                .resolve(SyntheticModules.ROOT);
        catalog = relocatable(ImageModules.catalogOf(List.of(graph)));
        SlotMap map = allocate();
        long placed = map.globalMap().size();
        System.out.printf("%nCE %d: %d modules placed, %d failures%n", ceVersion, placed,
                map.processes().get(0).failures().size());
    }

    /** The synthetic images carry no relocation directory; the real loader would refuse them all (193). */
    private static InMemoryModuleCatalog relocatable(InMemoryModuleCatalog parsed) {
        List<CeModule> modules = new ArrayList<>();
        for (CeModule m : parsed.modules()) {
            modules.add(new CeModule(m.fileName(), m.path(), Math.max(m.sizeOfImage(), 0x1000), m.sections(),
                    m.kbSectionSum(), m.isDll(), false, m.imageBase(), m.machine(), m.subsystem(), m.subsystemMajor(),
                    m.subsystemMinor(), m.sizeOfStackReserve(), m.imports(), m.delayImports(), m.unresolvedImports()));
        }
        return new InMemoryModuleCatalog(modules);
    }

    /** Allocation alone, from a ready catalog. */
    @Benchmark
    public SlotMap allocate() {
        return new SlotAllocator(Device.bare("bench", ceVersion), catalog,
                AllocatorOptions.defaults().withRollback(false)).start("app.exe");
    }

    /** Graph to catalog to allocation, as {@code pescope slot} does after resolving. */
    @Benchmark
    public SlotMap catalogAndAllocate() {
        InMemoryModuleCatalog fresh = relocatable(ImageModules.catalogOf(new ArrayList<>(List.of(graph))));
        return new SlotAllocator(Device.bare("bench", ceVersion), fresh,
                AllocatorOptions.defaults().withRollback(false)).start("app.exe");
    }
}
