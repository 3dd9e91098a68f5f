package pescope.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.execution.datasources.FileStatusWithMetadata;
import org.apache.spark.sql.execution.datasources.InMemoryFileIndex;
import org.apache.spark.sql.execution.datasources.PartitionDirectory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.jdk.javaapi.CollectionConverters;

/** A read of some columns of the table's files, split into tasks as Spark's file sources split. */
final class PeScan implements Scan, Batch {

    /** Takes the columns a query needs: the reader then parses only the directories they show. */
    static final class Builder implements ScanBuilder, SupportsPushDownRequiredColumns {
        private final InMemoryFileIndex index;
        private final CaseInsensitiveStringMap options;
        private StructType required;

        Builder(InMemoryFileIndex index, StructType schema, CaseInsensitiveStringMap options) {
            this.index = index;
            this.required = schema;
            this.options = options;
        }

        @Override
        public void pruneColumns(StructType requiredSchema) {
            this.required = requiredSchema;
        }

        @Override
        public Scan build() {
            return new PeScan(index, required, options);
        }
    }

    private final InMemoryFileIndex index;
    private final StructType readSchema;
    private final CaseInsensitiveStringMap options;

    PeScan(InMemoryFileIndex index, StructType readSchema, CaseInsensitiveStringMap options) {
        this.index = index;
        this.readSchema = readSchema;
        this.options = options;
    }

    @Override
    public StructType readSchema() {
        return readSchema;
    }

    @Override
    public String description() {
        return "pescope " + String.join(",", readSchema.fieldNames());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    /**
     * Files are packed into tasks by size as Spark packs whole files: at most
     * spark.sql.files.maxPartitionBytes per task (each file also costs openCostInBytes), less when
     * the input is small, so that every core has work. A PE file is never split.
     */
    @Override
    public InputPartition[] planInputPartitions() {
        SparkSession spark = SparkSession.active();
        long maxPartitionBytes = bytes(spark, "spark.sql.files.maxPartitionBytes", 128L << 20);
        long openCost = bytes(spark, "spark.sql.files.openCostInBytes", 4L << 20);
        List<PeFilePartition.File> files = new ArrayList<>();
        long total = 0;
        scala.collection.immutable.Seq<org.apache.spark.sql.catalyst.expressions.Expression> none =
                CollectionConverters.asScala(List.<org.apache.spark.sql.catalyst.expressions.Expression>of()).toSeq();
        for (PartitionDirectory directory : CollectionConverters.asJava(index.listFiles(none, none))) {
            InternalRow values = directory.values().copy();
            for (FileStatusWithMetadata file : CollectionConverters.asJava(directory.files())) {
                long length = file.fileStatus().getLen();
                files.add(new PeFilePartition.File(file.fileStatus().getPath().toString(), length, values));
                total += length + openCost;
            }
        }
        int parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
        long split = Math.min(maxPartitionBytes, Math.max(openCost, total / parallelism));
        List<InputPartition> partitions = new ArrayList<>();
        List<PeFilePartition.File> current = new ArrayList<>();
        long currentBytes = 0;
        for (PeFilePartition.File file : files) {
            if (!current.isEmpty() && currentBytes + file.length() > split) {
                partitions.add(new PeFilePartition(current));
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(file);
            currentBytes += file.length() + openCost;
        }
        if (!current.isEmpty()) {
            partitions.add(new PeFilePartition(current));
        }
        return partitions.toArray(InputPartition[]::new);
    }

    private static long bytes(SparkSession spark, String key, long fallback) {
        String value = spark.conf().get(key, Long.toString(fallback));
        return org.apache.spark.network.util.JavaUtils.byteStringAsBytes(value);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        SparkSession spark = SparkSession.active();
        return new PeReaderFactory(readSchema, index.partitionSchema(), options.asCaseSensitiveMap(),
                ((org.apache.spark.sql.classic.SparkSession) spark).sessionState()
                        .newHadoopConfWithOptions(PeTable.scalaMap(options.asCaseSensitiveMap())));
    }
}
