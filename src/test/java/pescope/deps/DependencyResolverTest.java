package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.deps.ModuleNode.Status;
import pescope.pe.Machine;
import pescope.pe.PeImage;
import pescope.testing.ImageBuilder;

class DependencyResolverTest {

    private static final Path APP = Path.of("/app");
    private static final Path SYS = Path.of("/sys");
    private static final Path ARM = Path.of("/arm");

    private final InMemoryLocator files = new InMemoryLocator();

    private void put(Path folder, ImageBuilder builder) {
        PeImage image = builder.build();
        files.add(folder.resolve(image.source()), image);
    }

    private DependencyResolver resolver() {
        return new DependencyResolver(SearchPath.nt(List.of(SYS), List.of()), files);
    }

    private DependencyGraph resolve() {
        return resolver().resolve(APP.resolve("app.exe"));
    }

    private static List<String> names(List<ModuleNode> modules) {
        return modules.stream().map(ModuleNode::name).toList();
    }

    private static List<String> edges(DependencyGraph graph) {
        return graph.edges().stream().map(e -> e.from().name() + " -" + e.kind().code() + "-> " + e.to().name()).toList();
    }

    private static List<String> initOrder(DependencyGraph graph) {
        return graph.initOrder().stream()
                .map(s -> s.module().name() + (s.orderDependsOnCycleEntry() ? " (cycle)" : ""))
                .toList();
    }

    private static List<String> missing(DependencyGraph graph) {
        return graph.missingExports().stream()
                .map(m -> m.describe("→") + " " + m.reason().code() + (m.detail().isEmpty() ? "" : " [" + m.detail() + "]")
                        + (m.delayLoad() ? " (delay)" : ""))
                .toList();
    }

    private void chainWithDelayLoadedLibC() {
        put(APP, ImageBuilder.exe("app.exe").imports("libB.dll", "b1").delayImports("libC.dll", "c1"));
        put(APP, ImageBuilder.dll("libB.dll").imports("libA.dll", "a1").exports("b1"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1"));
        put(APP, ImageBuilder.dll("libC.dll").exports("c1"));
    }

    @Test
    void resolvesAChainAndInitialisesItFromTheBottomUp() {
        chainWithDelayLoadedLibC();

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe", "libB.dll", "libA.dll"), names(graph.modules()));
        assertEquals(List.of("app.exe -import-> libB.dll", "libB.dll -import-> libA.dll"), edges(graph));
        assertEquals(List.of("libA.dll", "libB.dll", "app.exe"), initOrder(graph));
        assertEquals(List.of("app.exe", "libB.dll", "libA.dll"), names(graph.loadOrder()));
        assertEquals(List.of(), missing(graph));
        assertEquals(List.of(), graph.cycles());
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void recordsWhichStepFoundEachModule() {
        chainWithDelayLoadedLibC();

        DependencyGraph graph = resolve();

        assertEquals(List.of("root", "application", "search"), graph.modules().stream().map(ModuleNode::foundBy).toList());
        assertEquals(Path.of("/sys/libA.dll"), graph.modules().get(2).path());
    }

    @Test
    void leavesDelayImportsOutUnlessAsked() {
        chainWithDelayLoadedLibC();

        assertFalse(names(resolve().modules()).contains("libC.dll"));
    }

    @Test
    void followsDelayImportsAsDelayEdgesOutsideTheInitOrder() {
        chainWithDelayLoadedLibC();

        DependencyGraph graph = resolver().followingDelayLoads(true).resolve(APP.resolve("app.exe"));

        assertEquals(List.of("app.exe -import-> libB.dll", "app.exe -delay-> libC.dll", "libB.dll -import-> libA.dll"),
                edges(graph));
        assertEquals(List.of("libA.dll", "libB.dll", "app.exe"), initOrder(graph));
        ModuleNode libC = graph.modules().get(2);
        assertEquals("libC.dll", libC.name());
        assertFalse(graph.loadsImplicitly(libC));
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void reportsAMissingDllAsANodeKeyedByItsImportedName() {
        put(APP, ImageBuilder.exe("app.exe").imports("libB.dll").imports("NoSuch.dll", "f"));
        put(APP, ImageBuilder.dll("libB.dll"));

        DependencyGraph graph = resolve();

        ModuleNode missing = graph.modules().get(2);
        assertEquals("NoSuch.dll", missing.name());
        assertEquals(Status.MISSING, missing.status());
        assertNull(missing.path());
        assertEquals(List.of("app.exe -import-> libB.dll", "app.exe -import-> NoSuch.dll"), edges(graph));
        assertEquals(List.of(missing), graph.unresolvedModules());
        assertEquals(List.of("libB.dll", "app.exe"), initOrder(graph));
        assertFalse(graph.resolvesCompletely());
    }

    @Test
    void reportsAnImportByNameThatTheDllDoesNotExport() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a1", "foo"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1", "bar"));

        assertEquals(List.of("app.exe → libA.dll!foo not-exported"), missing(resolve()));
    }

    @Test
    void reportsAnImportByOrdinalThatTheDllDoesNotExport() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "#2", "#7"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1", "a2", "a3"));

        assertEquals(List.of("app.exe → libA.dll!#7 not-exported"), missing(resolve()));
    }

    @Test
    void bindsAnImportByOrdinalToANonameExport() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "#7"));
        put(SYS, ImageBuilder.dll("libA.dll").exportsOrdinal(7));

        assertTrue(resolve().resolvesCompletely());
    }

    @Test
    void comparesExportNamesExactly() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "Foo"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("foo"));

        assertEquals(List.of("app.exe → libA.dll!Foo not-exported"), missing(resolve()));
    }

    @Test
    void findsDllNamesIgnoringCaseAndNamesTheModuleAsOnDisk() {
        put(APP, ImageBuilder.exe("app.exe").imports("LIBA.DLL", "a1"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe", "libA.dll"), names(graph.modules()));
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void followsAForwarderAndMakesItsTargetADependencyOfTheForwarder() {
        put(APP, ImageBuilder.exe("app.exe").imports("libF.dll", "x"));
        put(SYS, ImageBuilder.dll("libF.dll").forwards("x", "libG.y").exports("unused"));
        put(SYS, ImageBuilder.dll("libG.dll").exports("y"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe -import-> libF.dll", "libF.dll -forward-> libG.dll"), edges(graph));
        assertEquals(List.of("libG.dll", "libF.dll", "app.exe"), initOrder(graph));
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void addsNoForwardEdgeForAForwarderThatNobodyImports() {
        put(APP, ImageBuilder.exe("app.exe").imports("libF.dll", "unused"));
        put(SYS, ImageBuilder.dll("libF.dll").forwards("x", "libG.y").exports("unused"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe -import-> libF.dll"), edges(graph));
        assertTrue(graph.resolvesCompletely());
    }

    @Test
    void followsAForwarderByOrdinal() {
        put(APP, ImageBuilder.exe("app.exe").imports("libF.dll", "x"));
        put(SYS, ImageBuilder.dll("libF.dll").forwards("x", "libG.#3"));
        put(SYS, ImageBuilder.dll("libG.dll").exports("g1", "g2"));

        assertEquals(List.of("app.exe → libF.dll!x forward-not-exported [libF.dll!x → libG.dll!#3]"), missing(resolve()));
    }

    @Test
    void stopsAForwarderLoopAndShowsTheChain() {
        put(APP, ImageBuilder.exe("app.exe").imports("libD.dll", "x"));
        put(SYS, ImageBuilder.dll("libD.dll").forwards("x", "libE.y"));
        put(SYS, ImageBuilder.dll("libE.dll").forwards("y", "libD.x"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe → libD.dll!x forwarder-loop [libD.dll!x → libE.dll!y → libD.dll!x]"), missing(graph));
        assertEquals(List.of("app.exe -import-> libD.dll", "libD.dll -forward-> libE.dll", "libE.dll -forward-> libD.dll"),
                edges(graph));
        assertEquals(List.of(List.of("libD.dll", "libE.dll")), graph.cycles().stream().map(DependencyResolverTest::names).toList());
    }

    @Test
    void givesUpOnAForwarderChainLongerThanTheLimit() {
        put(APP, ImageBuilder.exe("app.exe").imports("f0.dll", "x"));
        for (int i = 0; i <= DependencyResolver.MAX_FORWARDER_CHAIN + 1; i++) {
            put(SYS, ImageBuilder.dll("f" + i + ".dll").forwards("x", "f" + (i + 1) + ".x"));
        }

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe → f0.dll!x forwarder-chain-too-long [more than 32 forwarders from f0.dll!x]"), missing(graph));
        assertEquals(DependencyResolver.MAX_FORWARDER_CHAIN + 2, graph.modules().size());
    }

    @Test
    void reportsAForwarderWhoseTargetDllIsMissing() {
        put(APP, ImageBuilder.exe("app.exe").imports("libF.dll", "x"));
        put(SYS, ImageBuilder.dll("libF.dll").forwards("x", "gone.y"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe → libF.dll!x forward-target-not-loaded [libF.dll!x → gone.dll!y: not found on the search path]"),
                missing(graph));
        assertEquals(Status.MISSING, graph.modules().get(2).status());
    }

    @Test
    void findsATwoDllCycleAndFlagsItsInitOrder() {
        put(APP, ImageBuilder.exe("app.exe").imports("libD.dll", "d"));
        put(SYS, ImageBuilder.dll("libD.dll").imports("libE.dll", "e").exports("d"));
        put(SYS, ImageBuilder.dll("libE.dll").imports("libD.dll", "d").exports("e"));

        DependencyGraph graph = resolve();

        assertEquals(List.of(List.of("libD.dll", "libE.dll")), graph.cycles().stream().map(DependencyResolverTest::names).toList());
        assertEquals(List.of("libE.dll (cycle)", "libD.dll (cycle)", "app.exe"), initOrder(graph));
        assertTrue(graph.resolvesCompletely(), "a cycle loads");
    }

    @Test
    void findsAModuleThatImportsItself() {
        put(APP, ImageBuilder.exe("app.exe").imports("libS.dll", "s"));
        put(SYS, ImageBuilder.dll("libS.dll").imports("libS.dll", "s").exports("s"));

        assertEquals(List.of(List.of("libS.dll")), resolve().cycles().stream().map(DependencyResolverTest::names).toList());
    }

    private DependencyGraph resolveWithArmFolderFirst(SearchPath.WrongMachine policy) {
        return new DependencyResolver(SearchPath.nt(List.of(ARM, SYS), List.of()).withWrongMachine(policy), files)
                .resolve(APP.resolve("app.exe"));
    }

    private void libAForArm64FirstThenForX64() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a1"));
        put(ARM, ImageBuilder.dll("libA.dll").machine(Machine.ARM64).exports("a1"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1").imports("libZ.dll"));
        put(SYS, ImageBuilder.dll("libZ.dll"));
    }

    @Test
    void passesOverAWrongMachineCandidateOnNtAndStillReportsIt() {
        libAForArm64FirstThenForX64();

        DependencyGraph graph = resolveWithArmFolderFirst(SearchPath.WrongMachine.SKIP);

        ModuleNode libA = graph.modules().get(1);
        assertEquals(Status.FOUND, libA.status());
        assertEquals(Path.of("/sys/libA.dll"), libA.path());
        assertEquals("search2", libA.foundBy());
        assertEquals(Path.of("/arm/libA.dll"), libA.skipped());
        assertEquals("passed over /arm/libA.dll, which is for ARM64, not x64", libA.problem());
        assertEquals(List.of("libZ.dll", "libA.dll", "app.exe"), initOrder(graph));
        assertFalse(graph.resolvesCompletely(), "a wrong-machine file on the path is reported, not silently skipped");
    }

    @Test
    void stopsAtAWrongMachineCandidateUnderTheStopPolicyAndNotesTheRightOneFurtherDown() {
        libAForArm64FirstThenForX64();

        DependencyGraph graph = resolveWithArmFolderFirst(SearchPath.WrongMachine.STOP);

        ModuleNode libA = graph.modules().get(1);
        assertEquals(Status.WRONG_MACHINE, libA.status());
        assertEquals(Path.of("/arm/libA.dll"), libA.path());
        assertEquals("search1", libA.foundBy());
        assertEquals(Machine.ARM64.code(), libA.machine());
        assertEquals("the search stops at /arm/libA.dll, which is for ARM64, not x64", libA.problem());
        assertEquals(Path.of("/sys/libA.dll"), libA.laterMatch());
        assertFalse(libA.expanded());
        assertEquals(List.of("app.exe", "libA.dll"), names(graph.modules()), "a module that did not load is not expanded");
        assertEquals(List.of("app.exe"), initOrder(graph));
        assertEquals(List.of(), missing(graph), "imports of a module that did not load are not checked");
        assertFalse(graph.resolvesCompletely());
    }

    @Test
    void reportsAWrongMachineModuleWhenNoRightFileFollows() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a1"));
        put(ARM, ImageBuilder.dll("libA.dll").machine(Machine.ARM64).exports("a1"));
        put(SYS, ImageBuilder.dll("libA.dll").machine(Machine.I386).exports("a1"));

        ModuleNode libA = resolveWithArmFolderFirst(SearchPath.WrongMachine.SKIP).modules().get(1);

        assertEquals(Status.WRONG_MACHINE, libA.status());
        assertEquals(Path.of("/arm/libA.dll"), libA.path());
        assertEquals("no file for x64 on the search path; the first was /arm/libA.dll, which is for ARM64, not x64", libA.problem());
        assertNull(libA.laterMatch());
    }

    @Test
    void reportsAFileThatIsNotAPeImageAsUnreadable() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a1"));
        files.addUnreadable(SYS.resolve("libA.dll"), "not a PE file: no MZ signature");

        ModuleNode libA = resolve().modules().get(1);

        assertEquals(Status.UNREADABLE, libA.status());
        assertEquals("not a PE file: no MZ signature", libA.problem());
    }

    @Test
    void makesAnUnreadableRootAGraphOfOneNode() {
        files.addUnreadable(APP.resolve("app.exe"), "not a PE file: empty file");

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe"), names(graph.modules()));
        assertEquals(Status.UNREADABLE, graph.root().status());
        assertEquals(List.of(), graph.initOrder());
    }

    @Test
    void expandsEachModuleOnceAndInitialisesInImportDirectoryOrder() {
        put(APP, ImageBuilder.exe("app.exe").imports("libB.dll").imports("libC.dll"));
        put(SYS, ImageBuilder.dll("libB.dll").imports("libA.dll"));
        put(SYS, ImageBuilder.dll("libC.dll").imports("libA.dll").imports("libD.dll"));
        put(SYS, ImageBuilder.dll("libA.dll"));
        put(SYS, ImageBuilder.dll("libD.dll"));

        DependencyGraph graph = resolve();

        assertEquals(List.of("app.exe", "libB.dll", "libC.dll", "libA.dll", "libD.dll"), names(graph.modules()));
        assertEquals(List.of("libA.dll", "libB.dll", "libD.dll", "libC.dll", "app.exe"), initOrder(graph));
        assertEquals(List.of("app.exe", "libB.dll", "libA.dll", "libC.dll", "libD.dll"), names(graph.loadOrder()));
    }

    @Test
    void bindsALaterImportOfAResolvedNameToTheSameModule() {
        Path other = Path.of("/other");
        put(APP, ImageBuilder.exe("app.exe").imports("libB.dll").imports("libA.dll"));
        put(other, ImageBuilder.dll("libB.dll").imports("libA.dll"));
        put(other, ImageBuilder.dll("libA.dll"));
        put(SYS, ImageBuilder.dll("libA.dll"));

        DependencyGraph graph = new DependencyResolver(SearchPath.nt(List.of(other, SYS), List.of()), files)
                .resolve(APP.resolve("app.exe"));

        assertEquals(List.of("app.exe", "libB.dll", "libA.dll"), names(graph.modules()));
        assertEquals(Path.of("/other/libA.dll"), graph.modules().get(2).path());
    }

    @Test
    void stopsExpandingAtTheDepthLimit() {
        chainWithDelayLoadedLibC();

        DependencyGraph graph = resolver().withMaxDepth(1).resolve(APP.resolve("app.exe"));

        assertEquals(List.of("app.exe", "libB.dll"), names(graph.modules()));
        assertTrue(graph.modules().get(0).expanded());
        assertFalse(graph.modules().get(1).expanded());
    }

    @Test
    void reportsProblemsBehindADelayLoadAsDelayLoadProblems() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a1").delayImports("libC.dll", "c1", "c9"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1"));
        put(SYS, ImageBuilder.dll("libC.dll").imports("libA.dll", "a2").imports("gone.dll").exports("c1"));

        DependencyGraph graph = resolver().followingDelayLoads(true).resolve(APP.resolve("app.exe"));

        assertEquals(List.of("app.exe → libC.dll!c9 not-exported (delay)", "libC.dll → libA.dll!a2 not-exported (delay)"),
                missing(graph));
        ModuleNode gone = graph.modules().get(3);
        assertEquals("gone.dll", gone.name());
        assertFalse(graph.loadsImplicitly(gone));
        assertTrue(graph.loadsImplicitly(graph.modules().get(1)));
    }

    @Test
    void checksASymbolImportedBothWaysOnceAsImplicitAndOnceAsDelayLoad() {
        put(APP, ImageBuilder.exe("app.exe").imports("libA.dll", "a9").delayImports("libA.dll", "a9"));
        put(SYS, ImageBuilder.dll("libA.dll").exports("a1"));

        DependencyGraph graph = resolver().followingDelayLoads(true).resolve(APP.resolve("app.exe"));

        assertEquals(List.of("app.exe → libA.dll!a9 not-exported", "app.exe → libA.dll!a9 not-exported (delay)"), missing(graph));
        assertEquals(List.of("app.exe -import-> libA.dll", "app.exe -delay-> libA.dll"), edges(graph));
    }

    @Test
    void stopsAtMaxModulesAndSaysSo() {
        int count = DependencyResolver.MAX_MODULES + 1;
        put(APP, ImageBuilder.exe("app.exe").imports("m0.dll"));
        for (int i = 0; i < count; i++) {
            put(SYS, ImageBuilder.dll("m" + i + ".dll").imports("m" + (i + 1) + ".dll"));
        }

        DependencyGraph graph = resolve();

        assertTrue(graph.truncated());
        assertEquals(DependencyResolver.MAX_MODULES, graph.modules().size());
        assertEquals(DependencyResolver.MAX_MODULES, graph.initOrder().size(), "a deep chain needs no deep stack");
        assertFalse(graph.resolvesCompletely());
    }

    @Test
    void listsDependenciesOfAKindInEdgeOrder() {
        chainWithDelayLoadedLibC();

        DependencyGraph graph = resolver().followingDelayLoads(true).resolve(APP.resolve("app.exe"));

        assertEquals(List.of("libB.dll"), names(graph.dependencies(graph.root(), EnumSet.of(Edge.Kind.IMPORT, Edge.Kind.FORWARD))));
        assertEquals(List.of("libB.dll", "libC.dll"), names(graph.dependencies(graph.root(), EnumSet.allOf(Edge.Kind.class))));
    }
}
