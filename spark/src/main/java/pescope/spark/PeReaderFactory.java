package pescope.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.report.DumpJson;

/** Sent to the executors: what to read and how; makes one reader per task. */
final class PeReaderFactory implements PartitionReaderFactory {

    /** The CLI's bound: a PE image is below 2 GB. */
    static final long MAX_FILE_SIZE = Integer.MAX_VALUE;

    private final StructType readSchema;
    private final StructType partitionSchema;
    private final boolean skipNonPe;
    private final long maxFileSize;
    private final byte[] hadoopConf;

    PeReaderFactory(StructType readSchema, StructType partitionSchema, Map<String, String> options, Configuration conf) {
        this.readSchema = readSchema;
        this.partitionSchema = partitionSchema;
        String errors = options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("errors"))
                .map(Map.Entry::getValue).findFirst().orElse("column");
        if (!errors.equalsIgnoreCase("column") && !errors.equalsIgnoreCase("skip")) {
            throw new IllegalArgumentException("pescope: option errors must be column or skip, not " + errors);
        }
        this.skipNonPe = errors.equalsIgnoreCase("skip");
        String max = options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("maxFileSize"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        this.maxFileSize = max == null ? MAX_FILE_SIZE
                : Math.min(MAX_FILE_SIZE, org.apache.spark.network.util.JavaUtils.byteStringAsBytes(max));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            conf.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.hadoopConf = bytes.toByteArray();
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        Configuration conf = new Configuration(false);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(hadoopConf))) {
            conf.readFields(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reader(((PeFilePartition) partition).files(), conf);
    }

    /** Reads the files of one task one after another; one file's bytes are held at a time. */
    private final class Reader implements PartitionReader<InternalRow> {
        private final Iterator<PeFilePartition.File> files;
        private final Configuration conf;
        private final PeReader peReader;
        private final DumpJson json = new DumpJson();
        private final ObjectMapper mapper = new ObjectMapper();
        private InternalRow current;

        Reader(List<PeFilePartition.File> files, Configuration conf) {
            this.files = files.iterator();
            this.conf = conf;
            this.peReader = new PeReader(PeSchema.directoriesFor(readSchema), PeSchema.factsFor(readSchema));
        }

        @Override
        public boolean next() throws IOException {
            while (files.hasNext()) {
                current = read(files.next());
                if (current != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public InternalRow get() {
            return current;
        }

        @Override
        public void close() {}

        /** The file's row, or null when it is not a PE image and such files are skipped. */
        private InternalRow read(PeFilePartition.File file) {
            Path path = new Path(java.net.URI.create(file.path()));
            String display = displayName(path);
            JsonNode image = null;
            String error;
            if (file.length() > maxFileSize) {
                error = String.format("not a PE file: file too large (%d bytes); PE images are below 2 GB", file.length());
                if (skipNonPe) {
                    return null;
                }
            } else {
                try {
                    // A local file is memory-mapped as the CLI maps it: only the pages the
                    // readers touch are read. Another file system's file is read whole (bounded above).
                    PeImage pe = "file".equals(path.toUri().getScheme())
                            ? peReader.read(java.nio.file.Path.of(path.toUri()))
                            : peReader.read(display, ByteBuffer.wrap(readFully(path, file.length())));
                    image = mapper.readTree(json.render(pe, display));
                    error = null;
                } catch (NotAPeFileException e) {
                    if (skipNonPe) {
                        return null;
                    }
                    error = "not a PE file: " + e.getMessage();
                } catch (IOException e) {
                    error = PeReader.describe(e);
                } catch (RuntimeException e) {
                    error = "internal error while reading (please report): " + e;
                }
            }
            StructField[] fields = readSchema.fields();
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                String name = fields[i].name();
                if (partitionSchema.getFieldIndex(name).isDefined()) {
                    int at = partitionSchema.fieldIndex(name);
                    values[i] = file.partitionValues().get(at, partitionSchema.fields()[at].dataType());
                } else if (name.equals("path")) {
                    values[i] = UTF8String.fromString(file.path());
                } else if (name.equals("size")) {
                    values[i] = file.length();
                } else if (name.equals("error")) {
                    values[i] = error == null ? null : UTF8String.fromString(error);
                } else if (image != null) {
                    values[i] = PeSchema.convert(image.get(PeSchema.jsonKey(name)), fields[i].dataType());
                }
            }
            return new GenericInternalRow(values);
        }

        private byte[] readFully(Path path, long length) throws IOException {
            byte[] bytes = new byte[(int) length];
            FileSystem fs = path.getFileSystem(conf);
            try (FSDataInputStream in = fs.open(path)) {
                in.readFully(0, bytes);
            }
            return bytes;
        }
    }

    /** A local file by its path as the CLI names it; any other by its URI. */
    static String displayName(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }
}
