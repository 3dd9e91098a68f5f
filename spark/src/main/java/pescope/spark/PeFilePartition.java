package pescope.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;

/** A task's share of the files: each with its length and its partition-folder values. */
record PeFilePartition(List<File> files) implements InputPartition {

    /** One file to read. */
    record File(String path, long length, InternalRow partitionValues) implements Serializable {}
}
