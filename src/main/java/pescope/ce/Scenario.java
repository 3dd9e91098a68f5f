package pescope.ce;

import java.util.List;
import java.util.Objects;

/** Everything one allocator run needs: the device, the modules, the modelling choices and the steps. */
public record Scenario(Device device, ModuleCatalog catalog, AllocatorOptions options, List<Step> steps) {
    public Scenario {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(options, "options");
        steps = List.copyOf(steps);
    }

    public SlotMap run() {
        return new SlotAllocator(device, catalog, options).run(steps);
    }

    public Scenario withSteps(List<Step> value) {
        return new Scenario(device, catalog, options, value);
    }

    public Scenario withCatalog(ModuleCatalog value) {
        return new Scenario(device, value, options, steps);
    }
}
