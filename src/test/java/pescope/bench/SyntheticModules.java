package pescope.bench;

import java.nio.file.Path;
import java.util.List;
import pescope.deps.InMemoryLocator;
import pescope.deps.SearchPath;
import pescope.pe.Machine;
import pescope.testing.ImageBuilder;

/**
 * A synthetic application of many DLLs, in memory: app.exe imports m0.dll; each m{i} imports
 * m{i+1} (so every module is reachable, as a chain 10,000 deep), m{2i+1} and m{3i+2} (so most
 * modules have several importers), two names and one ordinal from each, and every tenth module
 * forwards one export to the next module. Half the modules sit in the app's folder, half in a
 * system folder, so that every search step finds some.
 */
public final class SyntheticModules {

    public static final Path APP = Path.of("/app");
    public static final Path SYS = Path.of("/sys");
    public static final Path ROOT = APP.resolve("app.exe");

    private SyntheticModules() {}

    /** The application folder (the root's), then the app folder again as a search folder, then the system folder. */
    public static SearchPath searchPath() {
        return SearchPath.nt(List.of(APP, SYS), List.of());
    }

    public static InMemoryLocator build(int count) {
        InMemoryLocator files = new InMemoryLocator();
        files.add(ROOT, ImageBuilder.exe("app.exe").imports("m0.dll", "f0", "g0", "#3").build());
        for (int i = 0; i < count; i++) {
            ImageBuilder module = ImageBuilder.dll("m" + i + ".dll").machine(Machine.AMD64);
            for (int target : new int[] {i + 1, 2 * i + 1, 3 * i + 2}) {
                if (target < count) {
                    module.imports("m" + target + ".dll", "f" + target, "g" + target, "#3");
                }
            }
            module.exports("f" + i, "h" + i, "k" + i);
            if (i % 10 == 0 && i + 1 < count) {
                module.forwards("g" + i, "m" + (i + 1) + ".h" + (i + 1));
            } else {
                module.exports("g" + i);
            }
            files.add((i % 2 == 0 ? APP : SYS).resolve("m" + i + ".dll"), module.build());
        }
        return files;
    }
}
