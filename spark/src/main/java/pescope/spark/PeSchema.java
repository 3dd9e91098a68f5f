package pescope.spark;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import pescope.pe.Directory;

/**
 * The rows' schema: {@code path}, {@code size} and {@code error}, then the fields of
 * {@code pescope dump --json} under the same names (its {@code file} is {@code path}). Every
 * number is a long, as JSON has one number type. Rows are made from the object {@link
 * pescope.report.DumpJson} writes, converted by this schema, so a field means what it means there.
 */
public final class PeSchema {

    private PeSchema() {}

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType struct(StructField... fields) {
        return DataTypes.createStructType(fields);
    }

    private static ArrayType arrayOf(DataType element) {
        return DataTypes.createArrayType(element, true);
    }

    private static StructField[] longs(String... names) {
        StructField[] fields = new StructField[names.length];
        for (int i = 0; i < names.length; i++) {
            fields[i] = field(names[i], LongType);
        }
        return fields;
    }

    private static StructField[] concat(StructField[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(StructField[]::new);
    }

    static final ArrayType IMPORT_MODULES = arrayOf(struct(
            field("dll", StringType),
            field("functions", arrayOf(struct(field("name", StringType), field("hint", LongType),
                    field("ordinal", LongType))))));

    /** The schema of the data columns (partition columns discovered from folder names follow them). */
    public static final StructType SCHEMA = struct(concat(
            new StructField[] {field("path", StringType), field("size", LongType), field("error", StringType),
                field("format", StringType)},
            longs("machine", "numberOfSections", "timeDateStamp", "pointerToSymbolTable", "numberOfSymbols",
                    "sizeOfOptionalHeader", "characteristics", "magic"),
            new StructField[] {field("linkerVersion", StringType)},
            longs("sizeOfCode", "sizeOfInitializedData", "sizeOfUninitializedData", "addressOfEntryPoint",
                    "baseOfCode", "baseOfData", "imageBase", "sectionAlignment", "fileAlignment"),
            new StructField[] {field("operatingSystemVersion", StringType), field("imageVersion", StringType),
                field("subsystemVersion", StringType)},
            longs("win32VersionValue", "sizeOfImage", "sizeOfHeaders", "checkSum", "subsystem", "dllCharacteristics",
                    "sizeOfStackReserve", "sizeOfStackCommit", "sizeOfHeapReserve", "sizeOfHeapCommit", "loaderFlags",
                    "numberOfRvaAndSizes"),
            new StructField[] {
                field("dataDirectories", arrayOf(struct(field("name", StringType), field("rva", LongType),
                        field("size", LongType)))),
                field("sections", arrayOf(struct(concat(new StructField[] {field("name", StringType)},
                        longs("virtualSize", "virtualAddress", "sizeOfRawData", "pointerToRawData",
                                "pointerToRelocations", "pointerToLinenumbers", "numberOfRelocations",
                                "numberOfLinenumbers", "characteristics"))))),
                field("imports", IMPORT_MODULES),
                field("delayImports", IMPORT_MODULES),
                field("boundImports", arrayOf(struct(field("dll", StringType), field("timeDateStamp", LongType),
                        field("forwarders", arrayOf(struct(field("dll", StringType),
                                field("timeDateStamp", LongType))))))),
                field("exports", struct(field("name", StringType), field("ordinalBase", LongType),
                        field("timeDateStamp", LongType),
                        field("functions", arrayOf(struct(field("ordinal", LongType), field("name", StringType),
                                field("rva", LongType), field("forwarder", StringType)))))),
                field("anomalies", arrayOf(struct(field("code", StringType), field("message", StringType),
                        field("structure", StringType), field("offset", LongType), field("length", LongType))))
            }));

    /** Columns that are not read from the image's headers or directories. */
    static final Set<String> FILE_COLUMNS = Set.of("path", "size", "error");

    /**
     * The directories a query on {@code required} needs read: those whose JSON key is a required
     * column. Anomalies are found by every reader, so asking for them reads every directory (as
     * {@code dump --json} does) and gives the same list.
     */
    public static Set<Directory> directoriesFor(StructType required) {
        Set<String> names = Set.of(required.fieldNames());
        if (names.contains("anomalies")) {
            return Directory.allRead();
        }
        Set<Directory> directories = EnumSet.noneOf(Directory.class);
        for (Directory d : Directory.allRead()) {
            if (names.contains(d.key())) {
                directories.add(d);
            }
        }
        return directories;
    }

    /** A JSON value as the Catalyst value of {@code type}; null or missing is null. */
    static Object convert(JsonNode node, DataType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type instanceof StructType struct) {
            return row(node, struct);
        }
        if (type instanceof ArrayType array) {
            Object[] values = new Object[node.size()];
            Iterator<JsonNode> elements = node.elements();
            for (int i = 0; elements.hasNext(); i++) {
                values[i] = convert(elements.next(), array.elementType());
            }
            return new GenericArrayData(values);
        }
        if (type == LongType) {
            return node.asLong();
        }
        return UTF8String.fromString(node.asText());
    }

    static GenericInternalRow row(JsonNode object, StructType struct) {
        StructField[] fields = struct.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = convert(object.get(fields[i].name()), fields[i].dataType());
        }
        return new GenericInternalRow(values);
    }
}
