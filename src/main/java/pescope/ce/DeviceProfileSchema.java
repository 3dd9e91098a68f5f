package pescope.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The published JSON Schema of a device profile ({@code pescope/ce/device-profile.schema.json} on
 * the class path, draft 2020-12), and the one sentence that says what is wrong with a profile
 * that breaks it.
 */
public final class DeviceProfileSchema {
    /** Where the schema lives on the class path (and in src/main/resources). */
    public static final String RESOURCE = "/pescope/ce/device-profile.schema.json";

    private static final JsonSchema SCHEMA = load();
    private static final List<String> TOP_LEVEL_KEYS = List.of("name", "ceVersion", "romDlls", "romDir", "dllHighAddr",
            "romFlags", "loaded", "processAllocations", "machine", "pageSize");

    private DeviceProfileSchema() {}

    private static JsonSchema load() {
        try (InputStream in = DeviceProfileSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the device profile schema " + RESOURCE + " is missing from the class path");
            }
            JsonNode schema = new ObjectMapper().readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first problem with this profile, in words, or empty when the schema accepts it. */
    public static Optional<String> problem(JsonNode profile) {
        Set<ValidationMessage> messages = SCHEMA.validate(profile);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        // An unknown key is the likeliest mistake (a misspelling) and the clearest to report.
        ValidationMessage first = messages.stream()
                .min(Comparator.comparing((ValidationMessage m) -> !"additionalProperties".equals(m.getType()))
                        .thenComparing(m -> m.getInstanceLocation().toString()))
                .orElseThrow();
        return Optional.of(describe(first));
    }

    private static String describe(ValidationMessage m) {
        String where = m.getInstanceLocation().toString();
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            String key = m.getProperty();
            String at = where.equals("$") ? "" : " in " + where;
            return "unknown key '" + key + "'" + at + closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("");
        }
        if ("anyOf".equals(m.getType()) || "oneOf".equals(m.getType())) {
            return where + ": " + expectation(where) + ", not " + m.getInstanceNode();
        }
        return m.getMessage();
    }

    private static String expectation(String where) {
        if (where.endsWith(".ceVersion")) {
            return "must be a CE version from 2 to 6 (e.g. 3, \"4.2\" or \"5.0\")";
        }
        if (where.endsWith(".machine")) {
            return "must be a 16-bit number or \"0x...\" string";
        }
        if (where.endsWith(".pageSize")) {
            return "must be 4096 or 1024";
        }
        return "must be a number from 0 to 0xFFFFFFFF, or a decimal or \"0x...\" string";
    }

    /** A known key within two edits of this one. */
    private static Optional<String> closest(String key) {
        return TOP_LEVEL_KEYS.stream().filter(k -> editDistance(k.toLowerCase(), key.toLowerCase()) <= 2).findFirst();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
