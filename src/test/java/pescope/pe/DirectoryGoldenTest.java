package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import pescope.testing.Oracles;

/**
 * The debug, load-config, TLS, base-relocation and exception directories of every testdata file,
 * every real DLL the build unpacks and every Wine PE file, against what pefile and llvm-readobj
 * said when tools/golden/make_golden_directories.py wrote golden-directories/. See the golden
 * README for the rules (D1, L1, R1) and for every disagreement between the tools.
 */
class DirectoryGoldenTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
    private static final Path WINE = Path.of(System.getProperty("pescope.wineRoot", "/usr/lib/x86_64-linux-gnu/wine"));
    private static final Path DPKG_STATUS = Path.of(System.getProperty("pescope.dpkgStatus", "/var/lib/dpkg/status"));

    private final PeReader reader = PeReader.everything();

    @TestFactory
    Stream<DynamicTest> directoriesOfRealFilesEqualTheOracles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : resource("index.json")) {
            tests.add(DynamicTest.dynamicTest(entry.get("id").asText(), () -> {
                Path root = entry.get("root").asText().equals("testdata") ? TESTDATA : REAL_DLLS;
                Path file = root.resolve(entry.get("path").asText());
                assertTrue(Files.isRegularFile(file), "missing " + file);
                assertEquals(entry.get("sha256").asText(), sha256(file), "golden made from other bytes of " + file);
                assertMatches(resource(entry.get("golden").asText()), reader.read(file));
            }));
        }
        assertTrue(tests.size() >= 50, "golden index lists " + tests.size() + " files");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> directoriesOfWineFilesEqualTheOracles() throws IOException {
        JsonNode golden;
        try (InputStream in = DirectoryGoldenTest.class.getResourceAsStream("/golden-directories/wine.json.gz")) {
            golden = GoldenComparison.JSON.readTree(new GZIPInputStream(in));
        }
        Oracles.require(Files.isDirectory(WINE), "Wine is not installed (no " + WINE + "; Debian libwine)");
        String pinned = golden.get("packages").get("libwine").asText();
        String installed = installedVersion("libwine");
        if (!pinned.equals(installed)) {
            // Another Wine: the view comes from the same script, run on the installed files.
            Path fresh = Files.createTempFile("pescope-wine-directories", ".json.gz");
            Process p = new ProcessBuilder("/usr/bin/python3", "tools/golden/make_golden_directories.py",
                    "--wine-to", fresh.toString()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            try {
                assertEquals(0, p.waitFor(), "make_golden_directories.py --wine-to failed");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            try (InputStream in = Files.newInputStream(fresh)) {
                golden = GoldenComparison.JSON.readTree(new GZIPInputStream(in));
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : golden.get("files")) {
            Path file = WINE.resolve(entry.get("file").asText());
            tests.add(DynamicTest.dynamicTest(entry.get("file").asText(), () -> {
                assertEquals(entry.get("sha256").asText(), sha256(file), "golden made from other bytes of " + file);
                assertMatches(entry, reader.read(file));
            }));
        }
        assertTrue(tests.size() >= 600, "wine golden lists " + tests.size() + " files");
        return tests.stream();
    }

    static void assertMatches(JsonNode golden, PeImage image) {
        assertDebug(golden.get("debug"), image.directory(DebugDirectory.class));
        assertLoadConfig(golden.get("loadConfig"), image.directory(LoadConfig.class));
        assertTls(golden.get("tls"), image.directory(TlsDirectory.class));
        assertRelocations(golden.get("relocations"), image.directory(BaseRelocations.class));
        assertExceptions(golden.get("exceptions"), image.directory(ExceptionTable.class));
    }

    private static void assertDebug(JsonNode golden, Optional<DebugDirectory> mine) {
        assertEquals(golden.isNull(), mine.isEmpty(), "debug directory present");
        if (golden.isNull()) {
            return;
        }
        List<DebugEntry> entries = mine.get().entries();
        assertEquals(golden.size(), entries.size(), "debug entries");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode g = golden.get(i);
            DebugEntry e = entries.get(i);
            String at = "debug entry " + i + ": ";
            assertEquals(g.get("typeCode").asLong(), e.type(), at + "type");
            assertEquals(g.get("characteristics").asLong(), e.characteristics(), at + "characteristics");
            assertEquals(g.get("timeDateStamp").asLong(), e.timeDateStamp(), at + "timeDateStamp");
            assertEquals(g.get("majorVersion").asInt(), e.majorVersion(), at + "majorVersion");
            assertEquals(g.get("minorVersion").asInt(), e.minorVersion(), at + "minorVersion");
            assertEquals(g.get("sizeOfData").asLong(), e.sizeOfData(), at + "sizeOfData");
            assertEquals(g.get("addressOfRawData").asLong(), e.addressOfRawData(), at + "addressOfRawData");
            assertEquals(g.get("pointerToRawData").asLong(), e.pointerToRawData(), at + "pointerToRawData");
            DebugData data = e.data().orElse(null);
            if (g.has("codeView")) {
                JsonNode cv = g.get("codeView");
                DebugData.CodeView c = (DebugData.CodeView) data;
                assertEquals(cv.get("signature").asText(), c.format(), at + "CodeView signature");
                if (cv.has("guid")) {
                    assertEquals(cv.get("guid").asText(), c.guid(), at + "GUID");
                } else {
                    assertEquals(cv.get("timeSignature").asLong(), c.signature(), at + "NB10 signature");
                }
                assertEquals(cv.get("age").asLong(), c.age(), at + "age");
                assertEquals(cv.get("pdbPath").asText(), c.pdbPath(), at + "PDB path");
            } else if (g.has("pogo")) {
                DebugData.Pogo p = (DebugData.Pogo) data;
                assertEquals(g.get("pogo").get("signature").asLong(), p.signature(), at + "POGO signature");
                JsonNode ranges = g.get("pogo").get("entries");
                assertEquals(ranges.size(), p.entries().size(), at + "POGO entries");
                for (int j = 0; j < ranges.size(); j++) {
                    DebugData.PogoEntry r = p.entries().get(j);
                    assertEquals(ranges.get(j).get("rva").asLong(), r.rva(), at + "POGO rva " + j);
                    assertEquals(ranges.get(j).get("size").asLong(), r.size(), at + "POGO size " + j);
                    assertEquals(ranges.get(j).get("name").asText(), r.name(), at + "POGO name " + j);
                }
            } else if (g.has("vcFeature")) {
                JsonNode f = g.get("vcFeature");
                DebugData.VcFeature v = (DebugData.VcFeature) data;
                assertEquals(List.of(f.get("preVc11").asLong(), f.get("cAndCpp").asLong(), f.get("gs").asLong(),
                        f.get("sdl").asLong(), f.get("guardN").asLong()),
                        List.of(v.preVc11(), v.cAndCpp(), v.gs(), v.sdl(), v.guardN()), at + "VC_FEATURE counts");
            } else if (g.has("repro")) {
                assertEquals(g.get("repro").get("hash").asText(),
                        HexFormat.of().withUpperCase().formatHex(((DebugData.Repro) data).hash()), at + "REPRO hash");
            } else if (g.has("exDllCharacteristics")) {
                assertEquals(g.get("exDllCharacteristics").get("flags").asLong(),
                        ((DebugData.ExDllCharacteristics) data).flags(), at + "extended DLL characteristics");
            }
        }
    }

    private static void assertLoadConfig(JsonNode golden, Optional<LoadConfig> mine) {
        assertEquals(golden.isNull(), mine.isEmpty(), "load config present");
        if (golden.isNull()) {
            return;
        }
        LoadConfig config = mine.get();
        assertEquals(golden.get("size").asLong(), config.size(), "load config Size");
        List<String> names = new ArrayList<>();
        golden.get("fieldNames").forEach(n -> names.add(n.asText()));
        assertEquals(names, config.fields().stream().map(LoadConfig.Field::name).toList(), "fields Size covers");
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            assertEquals(field.getValue().bigIntegerValue(), unsigned(config.value(field.getKey()).orElseThrow()),
                    "load config " + field.getKey());
        }
    }

    private static void assertTls(JsonNode golden, Optional<TlsDirectory> mine) {
        assertEquals(golden.isNull(), mine.isEmpty(), "TLS directory present");
        if (golden.isNull()) {
            return;
        }
        TlsDirectory tls = mine.get();
        assertEquals(golden.get("startAddressOfRawData").bigIntegerValue(), unsigned(tls.startAddressOfRawData()), "TLS start");
        assertEquals(golden.get("endAddressOfRawData").bigIntegerValue(), unsigned(tls.endAddressOfRawData()), "TLS end");
        assertEquals(golden.get("addressOfIndex").bigIntegerValue(), unsigned(tls.addressOfIndex()), "TLS index");
        assertEquals(golden.get("addressOfCallBacks").bigIntegerValue(), unsigned(tls.addressOfCallBacks()), "TLS callbacks");
        assertEquals(golden.get("sizeOfZeroFill").asLong(), tls.sizeOfZeroFill(), "TLS zero fill");
        assertEquals(golden.get("characteristics").asLong(), tls.characteristics(), "TLS characteristics");
        List<BigInteger> callbacks = new ArrayList<>();
        golden.get("callbacks").forEach(c -> callbacks.add(c.bigIntegerValue()));
        assertEquals(callbacks, tls.callbacks().stream().map(c -> unsigned(c.va())).toList(), "TLS callback VAs");
    }

    private static void assertRelocations(JsonNode golden, Optional<BaseRelocations> mine) {
        assertEquals(golden.isNull(), mine.isEmpty(), "base relocations present");
        if (golden.isNull()) {
            return;
        }
        BaseRelocations relocations = mine.get();
        assertEquals(golden.get("blocks").asInt(), relocations.blocks().size(), "relocation blocks");
        assertEquals(golden.get("entries").asLong(), relocations.entryCount(), "relocation entries");
        Map<String, Long> byType = new TreeMap<>();
        golden.get("byType").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asLong()));
        assertEquals(byType, relocations.countByType(), "relocations by type");
        StringBuilder lines = new StringBuilder();
        for (BaseRelocations.Block b : relocations.blocks()) {
            lines.append("B ").append(hex(b.pageRva())).append(' ').append(hex(b.sizeOfBlock())).append('\n');
            for (BaseRelocations.Entry e : b.entries()) {
                lines.append(e.type()).append(' ').append(hex(e.offset())).append('\n');
            }
        }
        assertEquals(golden.get("digest").asText(), sha256(lines.toString()), "relocation entries (digest, rule R1)");
    }

    private static void assertExceptions(JsonNode golden, Optional<ExceptionTable> mine) {
        if (golden == null || golden.isNull()) {
            // No oracle for this table (no x64/ARM64 directory, or llvm-readobj failed on ARM64).
            return;
        }
        ExceptionTable table = mine.orElseThrow(() -> new AssertionError("exception table not read"));
        assertEquals(golden.get("form").asText(), table.form().name(), "exception table form");
        assertEquals(golden.get("count").asInt(), table.functions().size(), "runtime functions");
        StringBuilder lines = new StringBuilder();
        for (ExceptionTable.RuntimeFunction f : table.functions()) {
            lines.append(hex(f.beginAddress())).append(' ').append(hex(f.endAddress()));
            if (table.form() == ExceptionTable.Form.X64) {
                lines.append(' ').append(hex(f.unwindInfoAddress()));
            }
            lines.append('\n');
        }
        assertEquals(golden.get("digest").asText(), sha256(lines.toString()), "runtime functions (digest, rule R1)");
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static String hex(long value) {
        return Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = DirectoryGoldenTest.class.getResourceAsStream("/golden-directories/" + name)) {
            if (in == null) {
                throw new IOException("no golden resource " + name);
            }
            return GoldenComparison.JSON.readTree(in);
        }
    }

    private static String installedVersion(String packageName) throws IOException {
        if (!Files.isRegularFile(DPKG_STATUS)) {
            return null;
        }
        for (String stanza : Files.readString(DPKG_STATUS).split("\n\n")) {
            if (stanza.startsWith("Package: " + packageName + "\n") && stanza.contains(" ok installed")) {
                for (String line : stanza.split("\n")) {
                    if (line.startsWith("Version: ")) {
                        return line.substring(9).trim();
                    }
                }
            }
        }
        return null;
    }
}
