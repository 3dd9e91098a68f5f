package pescope.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import pescope.pe.PeImage;
import pescope.pe.TlsDirectory;

/** "tls": the TLS directory as VAs, and its callback VAs; null without one. */
final class TlsJson {

    private TlsJson() {}

    static void write(PeImage image, JsonGenerator json) throws IOException {
        TlsDirectory tls = image.directory(TlsDirectory.class).orElse(null);
        if (tls == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("startAddressOfRawData");
        LoadConfigJson.writeUnsigned(json, tls.startAddressOfRawData());
        json.writeFieldName("endAddressOfRawData");
        LoadConfigJson.writeUnsigned(json, tls.endAddressOfRawData());
        json.writeFieldName("addressOfIndex");
        LoadConfigJson.writeUnsigned(json, tls.addressOfIndex());
        json.writeFieldName("addressOfCallBacks");
        LoadConfigJson.writeUnsigned(json, tls.addressOfCallBacks());
        json.writeNumberField("sizeOfZeroFill", tls.sizeOfZeroFill());
        json.writeNumberField("characteristics", tls.characteristics());
        json.writeArrayFieldStart("callbacks");
        for (TlsDirectory.Callback c : tls.callbacks()) {
            LoadConfigJson.writeUnsigned(json, c.va());
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
