package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.pe.Anomaly.Location;

/** A message quotes names from the file, but never more than {@link Anomaly#MAX_ARGUMENT_CHARS} of one. */
class AnomalyMessageTest {

    private static final String LONG_NAME = "n".repeat(0xFFFF);

    @Test
    void aLongNameIsCutWithAnEllipsis() {
        Anomaly a = Anomaly.of(Kind.RESOURCE_NAME_DAMAGED, Location.of("resources"), "name %s at RVA 0x%X", LONG_NAME, 0x1234);

        assertEquals("name " + "n".repeat(Anomaly.MAX_ARGUMENT_CHARS) + "… at RVA 0x1234", a.message());
    }

    @Test
    void aResourcePathIsCutWithoutBeingWrittenOutWhole() {
        List<ResourceKey> path = List.of(new ResourceKey.Id(3), new ResourceKey.Name(LONG_NAME), new ResourceKey.Id(1033));

        Anomaly a = Anomaly.of(Kind.RESOURCE_DIRECTORY_DAMAGED, Location.of("resources"), "resource %s: data entry at RVA 0x%X"
                + " is not in the file", path, 0x7FFFFF00L);

        assertEquals("resource [3, " + "n".repeat(Anomaly.MAX_ARGUMENT_CHARS - 4) + "…: data entry at RVA 0x7FFFFF00 is not in"
                + " the file", a.message());
    }

    @Test
    void shortArgumentsAndNumbersAreUnchanged() {
        Anomaly a = Anomaly.of(Kind.RESOURCE_DIRECTORY_DAMAGED, Location.of("resources"), "resource %s: %d of %s",
                List.of(new ResourceKey.Id(16), new ResourceKey.Name("VS_VERSION")), 7, "x");

        assertEquals("resource [16, VS_VERSION]: 7 of x", a.message());
    }
}
