package pescope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.cli.InProcessCli;
import pescope.pe.Directory;
import pescope.pe.FileFact;
import pescope.testing.Oracles;

/** The pescope data source in a local Spark, against the CLI's dump --json of the same files. */
class PeDataSourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path REAL_DLLS = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
    private static final Path WINE = Path.of(System.getProperty("pescope.wine", "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
    /** JSON numbers compared by value, whatever Java type the parser chose. */
    private static final Comparator<JsonNode> NUMBERS = (a, b) -> a.equals(b) ? 0
            : a.isNumber() && b.isNumber() && a.asLong() == b.asLong() && a.isIntegralNumber() && b.isIntegralNumber() ? 0 : 1;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("PeDataSourceTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Dataset<Row> read(String... paths) {
        return spark.read().format("pescope").option("recursiveFileLookup", "true").load(paths);
    }

    /**
     * The CLI's objects for these files, by file name. With --all, as a row with every column has
     * the whole-file facts (hashes, checksum, signatures, the sections' entropy) too.
     */
    private static Map<String, ObjectNode> cliDump(List<String> files) throws IOException {
        List<String> args = new ArrayList<>(List.of("dump", "--json", "--all"));
        args.addAll(files);
        InProcessCli.Run run = InProcessCli.run(args.toArray(String[]::new));
        Map<String, ObjectNode> byFile = new HashMap<>();
        for (String line : run.out().split("\n")) {
            if (!line.isEmpty()) {
                ObjectNode object = (ObjectNode) MAPPER.readTree(line);
                byFile.put(object.get("file").asText(), object);
            }
        }
        return byFile;
    }

    /**
     * Removes null fields, at every depth: a column the CLI leaves out is null in the row. A lone
     * surrogate (a name byte that is not UTF-8, which the CLI writes as \\udcXX) is U+FFFD: the
     * row holds the byte itself, which Spark decodes so.
     */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            StringBuilder fixed = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    fixed.append(c).append(text.charAt(++i));
                } else {
                    fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                }
            }
            return MAPPER.getNodeFactory().textNode(fixed.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }

    /** A resource's name and language (an id or a name in the JSON) are one text column: an id is its digits. */
    private static void resourceKeysAsText(ObjectNode object) {
        JsonNode entries = object.path("resources").path("entries");
        for (JsonNode entry : entries) {
            for (String key : List.of("name", "language")) {
                if (entry.get(key) != null && entry.get(key).isNumber()) {
                    ((ObjectNode) entry).put(key, entry.get(key).asText());
                }
            }
        }
    }

    /** Every row equals the CLI's object: every field, at every depth, by name. */
    private static int assertRowsEqualTheCli(Dataset<Row> rows) throws IOException {
        List<Row> collected = rows.collectAsList();
        List<String> files = collected.stream().map(r -> PeReaderFactory.displayName(
                new org.apache.hadoop.fs.Path(r.<String>getAs("path")))).collect(Collectors.toList());
        Map<String, ObjectNode> cli = cliDump(files);
        for (int i = 0; i < collected.size(); i++) {
            Row row = collected.get(i);
            String file = files.get(i);
            ObjectNode expected = cli.get(file);
            assertNotNull(expected, "the CLI dumped no object for " + file);
            ObjectNode actual = (ObjectNode) withoutNulls(MAPPER.readTree(row.json()));
            assertEquals(Files.size(Path.of(file)), actual.remove("size").asLong(), file);
            actual.remove("path");
            ObjectNode want = MAPPER.createObjectNode();
            // The JSON's "checksum" is the column checksumCheck, in the same place.
            withoutNulls(expected).fields().forEachRemaining(e -> want.set(
                    e.getKey().equals("checksum") ? PeSchema.CHECKSUM_CHECK : e.getKey(), e.getValue()));
            want.remove("file");
            resourceKeysAsText(want);
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            List<String> got = new ArrayList<>();
            actual.fieldNames().forEachRemaining(got::add);
            assertEquals(names, got, file + ": the row's fields");
            for (String name : names) {
                assertTrue(want.get(name).equals(NUMBERS, actual.get(name)),
                        file + ": " + name + "\n  cli:   " + want.get(name) + "\n  spark: " + actual.get(name));
            }
        }
        return collected.size();
    }

    @Test
    void everyRowEqualsTheClisJsonOverTestdataAndTheRealDlls() throws IOException {
        Oracles.require(Files.isDirectory(REAL_DLLS), "the real DLLs are unpacked by mvn generate-test-resources");
        Dataset<Row> rows = read(TESTDATA.resolve("bin").toString(), REAL_DLLS.toString());
        int n = assertRowsEqualTheCli(rows);
        assertTrue(n >= 30, n + " rows");
        assertEquals(0, rows.filter("error is null and machine is null").count());
    }

    @Test
    void everyRowEqualsTheClisJsonOverTheWineFolder() throws IOException {
        Oracles.require(Files.isDirectory(WINE), "Wine is not installed (no " + WINE + "; Debian libwine)");
        int n = assertRowsEqualTheCli(read(WINE.toString()));
        assertTrue(n >= 600, n + " rows");
    }

    @Test
    void parquetWrittenAndReadBackGivesTheSameRows(@TempDir Path temp) {
        Dataset<Row> rows = read(TESTDATA.resolve("bin").toString()).orderBy("path");
        String out = temp.resolve("pe.parquet").toString();
        rows.write().parquet(out);
        Dataset<Row> back = spark.read().parquet(out).orderBy("path");
        assertEquals(rows.schema(), back.schema());
        List<Row> expected = rows.collectAsList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, back.collectAsList());
    }

    @Test
    void hostileFilesGiveRowsWithAnomaliesOrAnErrorNeverAFailedJob(@TempDir Path temp) throws IOException {
        byte[] dll = Files.readAllBytes(TESTDATA.resolve("bin/gcc-x64.dll"));
        Files.write(temp.resolve("truncated.dll"), java.util.Arrays.copyOf(dll, 700));
        Files.write(temp.resolve("headers-only.dll"), java.util.Arrays.copyOf(dll, 0x400));
        byte[] garbage = new byte[4096];
        new java.util.Random(17).nextBytes(garbage);
        Files.write(temp.resolve("garbage.bin"), garbage);
        Files.write(temp.resolve("empty.dll"), new byte[0]);
        byte[] badSections = dll.clone();
        int pe = java.nio.ByteBuffer.wrap(dll).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0x3C);
        badSections[pe + 6] = (byte) 0xFF;
        badSections[pe + 7] = (byte) 0xFF;
        Files.write(temp.resolve("65535-sections.dll"), badSections);
        Dataset<Row> rows = read(temp.toString());
        Map<String, Row> byName = rows.collectAsList().stream().collect(Collectors.toMap(
                r -> Path.of(r.<String>getAs("path")).getFileName().toString(), r -> r));
        // An empty file has no row: Spark's file index leaves out empty files, as for every file source.
        assertEquals(Set.of("truncated.dll", "headers-only.dll", "garbage.bin", "65535-sections.dll"),
                byName.keySet());
        assertEquals("not a PE file: no MZ signature", byName.get("garbage.bin").getAs("error"));
        for (String name : List.of("truncated.dll", "headers-only.dll", "65535-sections.dll")) {
            Row row = byName.get(name);
            assertNull(row.getAs("error"), name);
            assertFalse(row.<scala.collection.Seq<?>>getAs("anomalies").isEmpty(), name + " has anomalies");
        }
        assertRowsEqualTheCli(rows);
        // errors=skip leaves out the files that are not PE images.
        List<Row> skipped = spark.read().format("pescope").option("errors", "skip").load(temp.toString())
                .select("path").collectAsList();
        assertEquals(3, skipped.size());
    }

    @Test
    void pathGlobFilterAndPartitionFoldersAsSparksFileSources(@TempDir Path temp) throws IOException {
        Files.createDirectories(temp.resolve("arch=x64"));
        Files.createDirectories(temp.resolve("arch=x86"));
        Files.copy(TESTDATA.resolve("bin/gcc-x64.dll"), temp.resolve("arch=x64/a.dll"));
        Files.copy(TESTDATA.resolve("bin/gcc-x64.exe"), temp.resolve("arch=x64/a.exe"));
        Files.copy(TESTDATA.resolve("bin/gcc-x86.dll"), temp.resolve("arch=x86/b.dll"));
        Dataset<Row> rows = spark.read().format("pescope").option("pathGlobFilter", "*.dll").load(temp.toString());
        assertEquals(DataTypes.StringType, rows.schema().apply("arch").dataType());
        List<Row> got = rows.select("arch", "machine").orderBy("arch").collectAsList();
        assertEquals(2, got.size());
        assertEquals("x64", got.get(0).getString(0));
        assertEquals(0x8664L, got.get(0).getLong(1));
        assertEquals("x86", got.get(1).getString(0));
        assertEquals(0x14CL, got.get(1).getLong(1));
    }

    @Test
    void aQueryOnMachineAndImportsReadsTheImportDirectoryOnly() {
        StructType required = new StructType().add("machine", DataTypes.LongType).add("imports", PeSchema.IMPORT_MODULES);
        assertEquals(EnumSet.of(Directory.IMPORT), PeSchema.directoriesFor(required));
        assertEquals(EnumSet.noneOf(Directory.class),
                PeSchema.directoriesFor(new StructType().add("path", DataTypes.StringType)));
        assertEquals(Directory.allRead(), PeSchema.directoriesFor(PeSchema.SCHEMA));
        // The whole file is read only for the columns that need it.
        assertEquals(EnumSet.noneOf(FileFact.class), PeSchema.factsFor(required));
        assertEquals(EnumSet.allOf(FileFact.class), PeSchema.factsFor(PeSchema.SCHEMA));
        assertEquals(EnumSet.of(FileFact.HASHES), PeSchema.factsFor(
                new StructType().add("hashes", PeSchema.SCHEMA.apply("hashes").dataType())));
        assertEquals(EnumSet.of(FileFact.SIGNATURES), PeSchema.factsFor(
                new StructType().add("signatures", PeSchema.SIGNATURES)));
        // The pruned scan gives the same values as the full one.
        Dataset<Row> rows = read(TESTDATA.resolve("bin").toString());
        List<Row> pruned = rows.select("path", "machine", "imports").orderBy("path").collectAsList();
        List<Row> full = rows.orderBy("path").collectAsList().stream()
                .map(r -> org.apache.spark.sql.RowFactory.create(r.getAs("path"), r.getAs("machine"), r.getAs("imports")))
                .collect(Collectors.toList());
        assertEquals(full.toString(), pruned.toString());
    }

    @Test
    void theReadmeQueries() {
        read(TESTDATA.resolve("bin").toString()).createOrReplaceTempView("pe");
        // Which binaries import VirtualAllocEx from kernel32? (none in testdata: the query runs and
        // finds the ones that import a function we know they import)
        List<Row> found = spark.sql("""
                SELECT path FROM pe
                WHERE exists(imports, m -> lower(m.dll) = 'kernel32.dll'
                                       AND exists(m.functions, f -> f.name = 'GetProcAddress'))
                """).collectAsList();
        assertFalse(found.isEmpty());
        List<Row> groups = spark.sql("SELECT machine, count(*) AS n FROM pe WHERE error IS NULL GROUP BY machine")
                .collectAsList();
        assertTrue(groups.size() >= 3, groups.toString());
        List<Row> byImphash = spark.sql("""
                SELECT hashes.imphash, count(*) AS n, min(path) AS example
                FROM pe WHERE error IS NULL GROUP BY 1 ORDER BY n DESC
                """).collectAsList();
        assertFalse(byImphash.isEmpty());
        // An image without imports has the empty imphash, as pefile gives.
        assertTrue(byImphash.stream().allMatch(r -> r.getString(0).matches("([0-9a-f]{32})?")), byImphash.toString());
        assertTrue(byImphash.stream().filter(r -> !r.getString(0).isEmpty()).count() >= 3, byImphash.toString());
    }
}
