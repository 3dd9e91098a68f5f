package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import pescope.report.DumpJson;

/**
 * How a golden JSON view is compared with pescope's: every field of the golden view except
 * {@code sources}, exports sorted by ordinal, then name. Shared by GoldenFilesTest and
 * WineDifferentialTest; tools/golden/differential.py does the same in Python.
 */
final class GoldenComparison {

    static final ObjectMapper JSON = new ObjectMapper();

    private GoldenComparison() {}

    static void assertMatches(ObjectNode expected, PeImage image, Object where) throws Exception {
        // Written and read back, so both sides hold numbers in the same node types.
        ObjectNode actual = (ObjectNode) JSON.readTree(
                new DumpJson().render(image, expected.get("file").asText()).toString());
        sortExports(expected);
        sortExports(actual);
        // Section entropy is checked against pefile in GoldenFactsTest; these golden files predate it.
        actual.withArray("sections").forEach(section -> ((ObjectNode) section).remove("entropy"));
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (field.equals("sources")) {
                continue;
            }
            assertEquals(expected.get(field), actual.get(field), where + ": field " + field);
        }
    }

    /** Both sides list exports by ordinal, then name; dumpbin order is a presentation matter. */
    static void sortExports(ObjectNode image) {
        JsonNode exports = image.get("exports");
        if (exports == null || exports.isNull()) {
            return;
        }
        List<JsonNode> functions = new ArrayList<>();
        exports.get("functions").forEach(functions::add);
        functions.sort(Comparator.<JsonNode>comparingLong(f -> f.get("ordinal").asLong())
                .thenComparing(f -> f.path("name").asText("")));
        ArrayNode sorted = ((ObjectNode) exports).putArray("functions");
        functions.forEach(sorted::add);
    }
}
