package pescope.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("pescope").load(paths)}: one row per file, read by the CLI's readers.
 * Files are found as Spark's file sources find them (globs, {@code recursiveFileLookup},
 * {@code pathGlobFilter}, {@code modifiedBefore/After}, {@code key=value} partition folders);
 * options of this source:
 * <ul>
 *   <li>{@code errors}: {@code column} (default) gives a file that is not a PE image or cannot be
 *       read a row with {@code error} set; {@code skip} leaves out files that are not PE images
 *       (unreadable files keep their error row).</li>
 *   <li>{@code maxFileSize}: files larger than this many bytes get an error row without being read
 *       (default and upper bound: 2 GB, the CLI's bound).</li>
 * </ul>
 */
public final class PeDataSource implements TableProvider, DataSourceRegister {

    @Override
    public String shortName() {
        return "pescope";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return new PeTable(options).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new PeTable(new CaseInsensitiveStringMap(properties));
    }
}
