package pescope.spark;

import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * The README's job: {@code ToParquet OUTPUT INPUT...} reads every file under the inputs (any
 * Hadoop file system, recursively) with the pescope source and writes the rows to OUTPUT as
 * Parquet. The master comes from spark-submit, or from -Dspark.master=local[*] when run with java.
 */
public final class ToParquet {

    private ToParquet() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ToParquet OUTPUT INPUT...");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("pescope to Parquet").getOrCreate();
        long start = System.nanoTime();
        spark.read().format("pescope").option("recursiveFileLookup", "true")
                .load(Arrays.copyOfRange(args, 1, args.length))
                .write().mode("overwrite").parquet(args[0]);
        long rows = spark.read().parquet(args[0]).count();
        System.err.printf("pescope: %d rows written to %s in %.1f s%n", rows, args[0], (System.nanoTime() - start) / 1e9);
        spark.stop();
    }
}
