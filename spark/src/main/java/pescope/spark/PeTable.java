package pescope.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.execution.datasources.FileStatusCache;
import org.apache.spark.sql.execution.datasources.InMemoryFileIndex;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** The files under the paths given, listed once by Spark's own file index. */
final class PeTable implements SupportsRead {

    private final CaseInsensitiveStringMap options;
    private final InMemoryFileIndex index;
    private final StructType schema;

    PeTable(CaseInsensitiveStringMap options) {
        this.options = options;
        org.apache.spark.sql.classic.SparkSession spark = (org.apache.spark.sql.classic.SparkSession) SparkSession.active();
        Configuration conf = spark.sessionState().newHadoopConfWithOptions(scalaMap(options.asCaseSensitiveMap()));
        List<Path> roots = new ArrayList<>();
        for (String p : paths(options)) {
            Path path = new Path(p);
            try {
                FileSystem fs = path.getFileSystem(conf);
                FileStatus[] found = fs.globStatus(path);
                if (found == null || found.length == 0) {
                    throw new IllegalArgumentException("pescope: path does not exist: " + path);
                }
                for (FileStatus status : found) {
                    roots.add(status.getPath());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("pescope: cannot list " + path, e);
            }
        }
        Map<String, String> parameters = new HashMap<>(options.asCaseSensitiveMap());
        this.index = new InMemoryFileIndex(spark, CollectionConverters.asScala(roots).toSeq(), scalaMap(parameters),
                Option.empty(), FileStatusCache.getOrCreate(spark),
                Option.empty(), Option.empty());
        StructType s = PeSchema.SCHEMA;
        for (StructField f : index.partitionSchema().fields()) {
            s = s.add(f);
        }
        this.schema = s;
    }

    static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
        return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
    }

    private static List<String> paths(CaseInsensitiveStringMap options) {
        List<String> paths = new ArrayList<>();
        if (options.containsKey("paths")) {
            try {
                paths.addAll(new ObjectMapper().readValue(options.get("paths"), new TypeReference<List<String>>() {}));
            } catch (IOException e) {
                throw new IllegalArgumentException("pescope: bad paths option " + options.get("paths"), e);
            }
        }
        if (options.containsKey("path")) {
            paths.add(options.get("path"));
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("pescope: no path given (load(path...))");
        }
        return paths;
    }

    @Override
    public String name() {
        return "pescope " + index.rootPaths().mkString(", ");
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        return new PeScan.Builder(index, schema, options);
    }
}
