package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Optional;
import pescope.pe.PeImage;
import pescope.pe.Signatures;
import pescope.pe.authenticode.EmbeddedCertificate;
import pescope.pe.authenticode.Signature;
import pescope.pe.authenticode.SignerIdentity;

/** The "signatures" list: one object per Authenticode signature, nested ones included; null unless asked for. */
final class SignatureJson {

    private SignatureJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        Optional<Signatures> signatures = image.directory(Signatures.class);
        if (signatures.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Signature s : signatures.get().all()) {
            json.writeStartObject();
            json.writeNumberField("certificateIndex", s.certificateIndex());
            json.writeNumberField("nestingLevel", s.nestingLevel());
            json.writeStringField("digestAlgorithm", s.digestAlgorithm());
            json.writeStringField("signedDigest", s.signedDigest());
            json.writeStringField("computedDigest", s.computedDigest());
            json.writeBooleanField("digestMatches", s.digestMatches());
            json.writeBooleanField("signatureValid", s.signatureValid());
            json.writeFieldName("signer");
            identity(json, s.signer());
            json.writeArrayFieldStart("certificates");
            for (EmbeddedCertificate c : s.certificates()) {
                json.writeStartObject();
                json.writeStringField("subject", c.subject());
                json.writeStringField("issuer", c.issuer());
                json.writeStringField("serial", c.serial());
                json.writeStringField("notBefore", c.notBefore().toString());
                json.writeStringField("notAfter", c.notAfter().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (s.timestamp().isPresent()) {
                json.writeObjectFieldStart("timestamp");
                json.writeStringField("kind", s.timestamp().get().kind());
                json.writeStringField("time", s.timestamp().get().time().toString());
                json.writeFieldName("authority");
                identity(json, Optional.of(s.timestamp().get().authority()));
                json.writeEndObject();
            } else {
                json.writeNullField("timestamp");
            }
            if (s.trust().isPresent()) {
                json.writeObjectFieldStart("trust");
                json.writeBooleanField("trusted", s.trust().get().trusted());
                json.writeStringField("reason", s.trust().get().reason());
                json.writeEndObject();
            } else {
                json.writeNullField("trust");
            }
            json.writeArrayFieldStart("problems");
            for (String problem : s.problems()) {
                json.writeString(problem);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void identity(JsonGenerator json, Optional<SignerIdentity> who) throws IOException {
        if (who.isEmpty()) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("subject", who.get().subject());
        json.writeStringField("issuer", who.get().issuer());
        json.writeStringField("serial", who.get().serial());
        json.writeEndObject();
    }
}
