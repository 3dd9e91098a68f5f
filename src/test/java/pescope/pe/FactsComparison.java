package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One golden-facts entry against what pescope read; shared by the real-file and Wine tests. */
final class FactsComparison {

    private FactsComparison() {}

    static void assertMatches(JsonNode golden, FileFacts facts, Path file) {
        String at = file + ": ";
        JsonNode resources = golden.get("resources");
        if (resources.isNull()) {
            assertTrue(facts.resources().entries().isEmpty(), at + "resources where pefile has none");
        } else {
            assertEquals(goldenEntries(resources.get("entries")), entries(facts.resources()), at + "resource leaves");
            assertVersionInfo(resources.get("versionInfo"), facts.resources(), at);
            JsonNode manifest = resources.get("manifest");
            assertEquals(manifest.isNull() ? null : manifest.asText(), facts.resources().manifest().orElse(null),
                    at + "manifest");
        }
        List<String> certificates = new ArrayList<>();
        golden.get("certificates").forEach(c -> certificates.add(c.get("offset").asLong() + "+" + c.get("length").asLong()
                + " rev " + c.get("revision").asInt() + " type " + c.get("type").asInt()));
        assertEquals(certificates, facts.certificates().stream()
                .map(c -> c.offset() + "+" + c.length() + " rev " + c.revision() + " type " + c.type()).toList(),
                at + "certificates");
        JsonNode rich = golden.get("richHeader");
        assertEquals(rich.isNull(), facts.richHeader().isEmpty(), at + "Rich header present");
        facts.richHeader().ifPresent(r -> {
            assertEquals(rich.get("offset").asLong(), r.offset(), at + "Rich header offset");
            assertEquals(rich.get("key").asLong(), r.key(), at + "Rich key");
            assertEquals(rich.get("checksumValid").asBoolean(), r.checksumValid(), at + "Rich checksum valid");
            List<String> expected = new ArrayList<>();
            rich.get("entries").forEach(e -> expected.add(e.get("productId").asInt() + "." + e.get("build").asInt()
                    + " x" + e.get("count").asLong()));
            assertEquals(expected, r.entries().stream().map(e -> e.productId() + "." + e.build() + " x" + e.count()).toList(),
                    at + "Rich entries");
        });
        JsonNode overlay = golden.get("overlay");
        assertEquals(overlay.isNull() ? null : overlay.get("offset").asLong() + "+" + overlay.get("size").asLong(),
                facts.overlay().map(o -> o.offset() + "+" + o.size()).orElse(null), at + "overlay");
        assertEquals(golden.get("checksum").get("stored").asLong(), facts.checksum().stored(), at + "stored checksum");
        assertEquals(golden.get("checksum").get("computed").asLong(), facts.checksum().computed(), at + "computed checksum");
        JsonNode hashes = golden.get("hashes");
        assertEquals(hashes.get("md5").asText(), facts.hashes().md5(), at + "md5");
        assertEquals(hashes.get("sha1").asText(), facts.hashes().sha1(), at + "sha1");
        assertEquals(hashes.get("sha256").asText(), facts.hashes().sha256(), at + "sha256");
        assertEquals(hashes.get("imphash").asText(), facts.hashes().imphash(), at + "imphash");
        JsonNode entropy = golden.get("entropy");
        assertEquals(entropy.size(), facts.hashes().sectionEntropy().size(), at + "entropy values");
        for (int i = 0; i < entropy.size(); i++) {
            assertEquals(entropy.get(i).asDouble(), facts.hashes().sectionEntropy().get(i), 1e-9, at + "entropy of section " + (i + 1));
        }
    }

    private static void assertVersionInfo(JsonNode golden, Resources resources, String at) {
        if (golden.isNull()) {
            assertFalse(resources.versionInfo().isPresent(), at + "version info where pefile has none");
            return;
        }
        VersionInfo v = resources.versionInfo().orElseThrow(() -> new AssertionError(at + "no version info"));
        if (golden.has("fileVersion")) {
            assertEquals(golden.get("fileVersion").asText(), v.fileVersion(), at + "file version");
            assertEquals(golden.get("productVersion").asText(), v.productVersion(), at + "product version");
            assertEquals(golden.get("fileFlags").asLong(), v.fileFlags(), at + "file flags");
            assertEquals(golden.get("fileOS").asLong(), v.fileOS(), at + "file OS");
            assertEquals(golden.get("fileType").asLong(), v.fileType(), at + "file type");
        }
        Map<String, Map<String, String>> strings = new LinkedHashMap<>();
        golden.get("strings").fields().forEachRemaining(table -> {
            Map<String, String> entries = new LinkedHashMap<>();
            table.getValue().fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
            strings.put(table.getKey(), entries);
        });
        assertEquals(strings, v.strings(), at + "version strings");
        List<String> translations = new ArrayList<>();
        golden.get("translations").forEach(t -> translations.add(t.asText()));
        assertEquals(translations, v.translations(), at + "translations");
    }

    private static List<String> goldenEntries(JsonNode entries) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : entries) {
            List<String> keys = new ArrayList<>();
            e.get("path").forEach(k -> keys.add(k.isNumber() ? "#" + k.asLong() : k.asText()));
            out.add(keys + " cp " + e.get("codePage").asLong() + " rva " + e.get("rva").asLong() + " size " + e.get("size").asLong());
        }
        return out;
    }

    private static List<String> entries(Resources resources) {
        List<String> out = new ArrayList<>();
        for (ResourceEntry e : resources.entries()) {
            List<String> keys = e.path().stream()
                    .map(k -> k instanceof ResourceKey.Id id ? "#" + id.id() : k.toString()).toList();
            out.add(keys + " cp " + e.codePage() + " rva " + e.rva() + " size " + e.size());
        }
        return out;
    }
}
