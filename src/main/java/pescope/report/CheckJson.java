package pescope.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import pescope.check.RuleResult;

/** {@code check --format json}: one object per file, one line each (JSON Lines). Field names are a contract. */
public final class CheckJson {

    private final JsonFactory factory = JsonEscapes.factory();

    public String render(String file, List<RuleResult> results) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("file", file);
            json.writeArrayFieldStart("results");
            for (RuleResult r : results) {
                json.writeStartObject();
                json.writeStringField("rule", r.rule().id());
                json.writeStringField("name", r.rule().name());
                json.writeStringField("level", r.rule().level().sarifName());
                json.writeStringField("verdict", r.verdict().outcome().jsonName());
                json.writeStringField("reason", r.verdict().reason());
                if (r.excepted().isPresent()) {
                    json.writeStringField("excepted", r.excepted().get().reason());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }
}
