package pescope.testing;

import java.nio.file.Path;
import java.util.List;
import pescope.deps.DependencyGraph;
import pescope.deps.DependencyResolver;
import pescope.deps.InMemoryLocator;
import pescope.deps.SearchPath;
import pescope.pe.Machine;
import pescope.pe.PeImage;

/**
 * One in-memory application with every kind of problem, the shape of testdata/deps: app.exe →
 * libB → libA, a delay-loaded libC, a missing DLL, missing exports by name and by ordinal, a
 * forwarder loop, a two-DLL cycle, a wrong-machine libW earlier on the search path (passed over)
 * and a libV that exists only for the wrong machine.
 */
public final class Scenario {
    public static final Path APP = Path.of("/app");
    public static final Path ARM = Path.of("/arm");
    public static final Path SYS = Path.of("/sys");

    private Scenario() {}

    public static InMemoryLocator files() {
        InMemoryLocator files = new InMemoryLocator();
        put(files, APP, ImageBuilder.exe("app.exe")
                .imports("libB.dll", "b1")
                .imports("libA.dll", "a1", "foo", "#7")
                .imports("nosuch.dll", "n1")
                .imports("libD.dll", "d1", "x")
                .imports("libW.dll", "w1")
                .imports("libV.dll", "v1")
                .delayImports("libC.dll", "c1", "c9"));
        put(files, APP, ImageBuilder.dll("libB.dll").imports("libA.dll", "a1").exports("b1"));
        put(files, SYS, ImageBuilder.dll("libA.dll").exports("a1", "a2", "a3"));
        put(files, APP, ImageBuilder.dll("libC.dll").imports("gone.dll", "g1").exports("c1"));
        put(files, SYS, ImageBuilder.dll("libD.dll").imports("libE.dll", "e1").exports("d1").forwards("x", "libE.y"));
        put(files, SYS, ImageBuilder.dll("libE.dll").imports("libD.dll", "d1").exports("e1").forwards("y", "libD.x"));
        put(files, ARM, ImageBuilder.dll("libW.dll").machine(Machine.ARM64).exports("w1"));
        put(files, SYS, ImageBuilder.dll("libW.dll").exports("w1"));
        put(files, ARM, ImageBuilder.dll("libV.dll").machine(Machine.ARM64).exports("v1"));
        return files;
    }

    public static DependencyGraph resolve(boolean followDelayLoads) {
        return new DependencyResolver(SearchPath.nt(List.of(ARM, SYS), List.of()), files())
                .followingDelayLoads(followDelayLoads)
                .resolve(APP.resolve("app.exe"));
    }

    private static void put(InMemoryLocator files, Path folder, ImageBuilder builder) {
        PeImage image = builder.build();
        files.add(folder.resolve(image.source()), image);
    }
}
