package pescope.ce;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog over modules already in memory; the first module given under a name wins. */
public final class InMemoryModuleCatalog implements ModuleCatalog {
    private final Map<String, CeModule> byKey = new LinkedHashMap<>();

    public InMemoryModuleCatalog(Collection<CeModule> modules) {
        for (CeModule module : modules) {
            byKey.putIfAbsent(ModuleCatalog.keyOf(module.fileName()), module);
        }
    }

    public static InMemoryModuleCatalog of(CeModule... modules) {
        return new InMemoryModuleCatalog(List.of(modules));
    }

    @Override
    public Optional<CeModule> find(String name) {
        return Optional.ofNullable(byKey.get(ModuleCatalog.keyOf(name)));
    }

    /** Every module, in the order given. */
    public List<CeModule> modules() {
        return List.copyOf(byKey.values());
    }
}
