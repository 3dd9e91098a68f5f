package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SARIF 2.1.0 log with one run: the tool's rules and the results, which GitHub code scanning
 * and Azure DevOps show as findings. Every command that reports problems (check, deps, dump's
 * anomalies) maps them to these records; only this class knows SARIF's layout.
 */
public final class Sarif {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /** A rule's metadata, shown beside each result. {@code level} is error, warning or note. */
    public record Rule(String id, String name, String shortDescription, String fullDescription, String help,
            String level, Map<String, String> properties) {}

    /**
     * One finding in one file. {@code suppression} is the justification when a policy excepts it
     * (SARIF keeps suppressed results, marked, so reviewers see them).
     */
    public record Result(String ruleId, String level, String message, String file, Optional<String> suppression,
            Optional<Region> region) {

        public Result(String ruleId, String level, String message, String file, Optional<String> suppression) {
            this(ruleId, level, message, file, suppression, Optional.empty());
        }
    }

    /** Bytes of the file a result concerns; {@code byteLength} is -1 when only the start is known. */
    public record Region(long byteOffset, long byteLength) {}

    /**
     * Something the tool has to say about its run rather than about a rule, such as a file it
     * could not read: a SARIF tool execution notification, with the file as its location.
     */
    public record Notification(String level, String message, String file) {}

    /** The run's invocation: whether it succeeded (every input read) and its notifications. */
    public record Invocation(boolean executionSuccessful, List<Notification> notifications) {}

    private Sarif() {}

    public static void write(Writer out, String toolVersion, List<Rule> rules, List<Result> results) throws IOException {
        write(out, toolVersion, rules, results, Optional.empty());
    }

    /** A log whose run also says how the invocation went (files that could not be read, as notifications). */
    public static void write(Writer out, String toolVersion, List<Rule> rules, List<Result> results,
            Optional<Invocation> invocation) throws IOException {
        try (JsonGenerator json = JsonEscapes.factory().createGenerator(out)) {
            // The writer is the caller's (standard output): closing it here lost the final newline.
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            json.writeStartObject();
            json.writeStringField("$schema", SCHEMA);
            json.writeStringField("version", "2.1.0");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            writeTool(json, toolVersion, rules);
            if (invocation.isPresent()) {
                writeInvocation(json, invocation.get());
            }
            json.writeArrayFieldStart("results");
            for (Result result : results) {
                writeResult(json, rules, result);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write("\n");
        out.flush();
    }

    private static void writeTool(JsonGenerator json, String toolVersion, List<Rule> rules) throws IOException {
        json.writeObjectFieldStart("tool");
        json.writeObjectFieldStart("driver");
        json.writeStringField("name", "pescope");
        json.writeStringField("version", toolVersion);
        json.writeStringField("semanticVersion", toolVersion);
        json.writeArrayFieldStart("rules");
        for (Rule rule : rules) {
            json.writeStartObject();
            json.writeStringField("id", rule.id());
            json.writeStringField("name", rule.name());
            text(json, "shortDescription", rule.shortDescription());
            text(json, "fullDescription", rule.fullDescription());
            text(json, "help", rule.help());
            json.writeObjectFieldStart("defaultConfiguration");
            json.writeStringField("level", rule.level());
            json.writeEndObject();
            if (!rule.properties().isEmpty()) {
                json.writeObjectFieldStart("properties");
                for (Map.Entry<String, String> p : rule.properties().entrySet()) {
                    json.writeStringField(p.getKey(), p.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeResult(JsonGenerator json, List<Rule> rules, Result result) throws IOException {
        json.writeStartObject();
        json.writeStringField("ruleId", result.ruleId());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(result.ruleId())) {
                json.writeNumberField("ruleIndex", i);
            }
        }
        json.writeStringField("level", result.level());
        text(json, "message", result.message());
        writeLocations(json, result.file(), result.region());
        if (result.suppression().isPresent()) {
            json.writeArrayFieldStart("suppressions");
            json.writeStartObject();
            json.writeStringField("kind", "external");
            json.writeStringField("justification", result.suppression().get());
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeInvocation(JsonGenerator json, Invocation invocation) throws IOException {
        json.writeArrayFieldStart("invocations");
        json.writeStartObject();
        json.writeBooleanField("executionSuccessful", invocation.executionSuccessful());
        if (!invocation.notifications().isEmpty()) {
            json.writeArrayFieldStart("toolExecutionNotifications");
            for (Notification notification : invocation.notifications()) {
                json.writeStartObject();
                writeLocations(json, notification.file(), Optional.empty());
                text(json, "message", notification.message());
                json.writeStringField("level", notification.level());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeEndArray();
    }

    private static void writeLocations(JsonGenerator json, String file, Optional<Region> region) throws IOException {
        json.writeArrayFieldStart("locations");
        json.writeStartObject();
        json.writeObjectFieldStart("physicalLocation");
        json.writeObjectFieldStart("artifactLocation");
        json.writeStringField("uri", uri(file));
        json.writeEndObject();
        if (region.isPresent()) {
            json.writeObjectFieldStart("region");
            json.writeNumberField("byteOffset", region.get().byteOffset());
            if (region.get().byteLength() >= 0) {
                json.writeNumberField("byteLength", region.get().byteLength());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
    }

    private static void text(JsonGenerator json, String field, String text) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("text", text);
        json.writeEndObject();
    }

    /**
     * A relative path stays a relative URI reference (code scanning resolves it against the
     * checkout), with '/' separators and anything else percent-encoded; an absolute path
     * becomes a file: URI.
     */
    static String uri(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) {
            return path.toUri().toASCIIString();
        }
        try {
            return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            return path.toAbsolutePath().toUri().toASCIIString();
        }
    }
}
