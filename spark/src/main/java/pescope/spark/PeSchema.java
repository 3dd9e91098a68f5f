package pescope.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import pescope.pe.Directory;
import pescope.pe.FileFact;

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

    private static StructField[] strings(String... names) {
        StructField[] fields = new StructField[names.length];
        for (int i = 0; i < names.length; i++) {
            fields[i] = field(names[i], StringType);
        }
        return fields;
    }

    private static MapType mapOf(DataType value) {
        return DataTypes.createMapType(StringType, value, true);
    }

    static final ArrayType IMPORT_MODULES = arrayOf(struct(
            field("dll", StringType),
            field("functions", arrayOf(struct(field("name", StringType), field("hint", LongType),
                    field("ordinal", LongType))))));

    /** "debug": DebugJson; the entry's data is in the one field its type names. */
    static final ArrayType DEBUG = arrayOf(struct(concat(
            new StructField[] {field("type", StringType)},
            longs("typeCode", "characteristics", "timeDateStamp", "majorVersion", "minorVersion", "sizeOfData",
                    "addressOfRawData", "pointerToRawData"),
            new StructField[] {
                field("codeView", struct(field("signature", StringType), field("guid", StringType),
                        field("timeSignature", LongType), field("age", LongType), field("pdbPath", StringType))),
                field("vcFeature", struct(longs("preVc11", "cAndCpp", "gs", "sdl", "guardN"))),
                field("pogo", struct(field("signature", LongType), field("signatureName", StringType),
                        field("entries", arrayOf(struct(field("rva", LongType), field("size", LongType),
                                field("name", StringType)))))),
                field("repro", struct(field("hash", StringType))),
                field("exDllCharacteristics", struct(field("flags", LongType),
                        field("names", arrayOf(StringType))))
            })));

    /**
     * "loadConfig": every field of IMAGE_LOAD_CONFIG_DIRECTORY by the name LoadConfigReader gives it;
     * those past the structure's Size are null.
     */
    static final StructType LOAD_CONFIG = struct(longs("size", "timeDateStamp", "majorVersion", "minorVersion",
            "globalFlagsClear", "globalFlagsSet", "criticalSectionDefaultTimeout", "deCommitFreeBlockThreshold",
            "deCommitTotalFreeThreshold", "lockPrefixTable", "maximumAllocationSize", "virtualMemoryThreshold",
            "processHeapFlags", "processAffinityMask", "csdVersion", "dependentLoadFlags", "editList",
            "securityCookie", "seHandlerTable", "seHandlerCount", "guardCFCheckFunctionPointer",
            "guardCFDispatchFunctionPointer", "guardCFFunctionTable", "guardCFFunctionCount", "guardFlags",
            "codeIntegrityFlags", "codeIntegrityCatalog", "codeIntegrityCatalogOffset", "codeIntegrityReserved",
            "guardAddressTakenIatEntryTable", "guardAddressTakenIatEntryCount", "guardLongJumpTargetTable",
            "guardLongJumpTargetCount", "dynamicValueRelocTable", "chpeMetadataPointer", "guardRFFailureRoutine",
            "guardRFFailureRoutineFunctionPointer", "dynamicValueRelocTableOffset", "dynamicValueRelocTableSection",
            "reserved2", "guardRFVerifyStackPointerFunctionPointer", "hotPatchTableOffset", "reserved3",
            "enclaveConfigurationPointer", "volatileMetadataPointer", "guardEHContinuationTable",
            "guardEHContinuationCount", "guardXFGCheckFunctionPointer", "guardXFGDispatchFunctionPointer",
            "guardXFGTableDispatchFunctionPointer", "castGuardOsDeterminedFailureMode", "guardMemcpyFunctionPointer",
            "unknownTailBytes"));

    static final StructType TLS = struct(concat(
            longs("startAddressOfRawData", "endAddressOfRawData", "addressOfIndex", "addressOfCallBacks",
                    "sizeOfZeroFill", "characteristics"),
            new StructField[] {field("callbacks", arrayOf(LongType))}));

    /** "relocations": byType is keyed by the relocation type's name ("DIR64", "HIGHLOW"). */
    static final StructType RELOCATIONS = struct(field("blocks", LongType), field("entries", LongType),
            field("effective", BooleanType), field("byType", mapOf(LongType)));

    static final StructType EXCEPTIONS = struct(field("form", StringType), field("count", LongType));

    /**
     * "resources": an entry's name and language are an id or a name in the JSON; here both are
     * text (an id as its decimal digits), as a column has one type. versionInfo.strings maps each
     * string table ("040904B0") to its strings by key ("CompanyName").
     */
    static final StructType RESOURCES = struct(
            field("entries", arrayOf(struct(field("type", StringType), field("name", StringType),
                    field("language", StringType), field("codePage", LongType), field("rva", LongType),
                    field("size", LongType)))),
            field("versionInfo", struct(field("fileVersion", StringType), field("productVersion", StringType),
                    field("fileFlags", LongType), field("fileOS", LongType), field("fileType", LongType),
                    field("strings", mapOf(mapOf(StringType))), field("translations", arrayOf(StringType)))),
            field("manifest", StringType));

    static final ArrayType CERTIFICATES = arrayOf(struct(longs("offset", "length", "revision", "type")));

    static final StructType RICH_HEADER = struct(field("key", LongType), field("checksumValid", BooleanType),
            field("entries", arrayOf(struct(longs("productId", "build", "count")))));

    private static final StructType IDENTITY = struct(strings("subject", "issuer", "serial"));

    static final ArrayType SIGNATURES = arrayOf(struct(
            field("certificateIndex", LongType), field("nestingLevel", LongType),
            field("digestAlgorithm", StringType), field("signedDigest", StringType),
            field("computedDigest", StringType), field("digestMatches", BooleanType),
            field("signatureValid", BooleanType), field("signer", IDENTITY),
            field("certificates", arrayOf(struct(strings("subject", "issuer", "serial", "notBefore", "notAfter")))),
            field("timestamp", struct(field("kind", StringType), field("time", StringType),
                    field("authority", IDENTITY))),
            field("trust", struct(field("trusted", BooleanType), field("reason", StringType))),
            field("problems", arrayOf(StringType))));

    private static final StructType LOCATION = struct(longs("rva", "size"));
    private static final StructType ASSEMBLY = struct(concat(
            strings("name", "version", "culture", "publicKeyToken"), longs("flags")));

    static final StructType CLR = struct(
            field("runtimeVersion", StringType), field("headerVersion", StringType),
            field("flags", struct(field("value", LongType), field("ilOnly", BooleanType),
                    field("requires32Bit", BooleanType), field("prefers32Bit", BooleanType),
                    field("strongNameSigned", BooleanType), field("nativeEntryPoint", BooleanType))),
            field("entryPointToken", LongType), field("metadata", LOCATION), field("resources", LOCATION),
            field("strongNameSignature", LOCATION), field("vtableFixups", LOCATION),
            field("assembly", ASSEMBLY), field("assemblyRefs", arrayOf(ASSEMBLY)),
            field("moduleRefs", arrayOf(StringType)),
            field("pinvoke", arrayOf(struct(field("module", StringType), field("entryPoint", StringType),
                    field("charSet", StringType), field("exactSpelling", BooleanType),
                    field("callingConvention", StringType), field("setLastError", BooleanType),
                    field("bestFitMapping", StringType), field("method", StringType),
                    field("argumentBytes", LongType), field("mappingFlags", LongType)))));

    /**
     * The JSON's "checksum" ({stored, computed}) is this column: Spark resolves names without case
     * by default, and "checkSum" (the optional header's field) is already a column.
     */
    public static final String CHECKSUM_CHECK = "checksumCheck";

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
                                "numberOfLinenumbers", "characteristics"),
                        new StructField[] {field("entropy", DoubleType)})))),
                field("imports", IMPORT_MODULES),
                field("delayImports", IMPORT_MODULES),
                field("boundImports", arrayOf(struct(field("dll", StringType), field("timeDateStamp", LongType),
                        field("forwarders", arrayOf(struct(field("dll", StringType),
                                field("timeDateStamp", LongType))))))),
                field("exports", struct(field("name", StringType), field("ordinalBase", LongType),
                        field("timeDateStamp", LongType),
                        field("functions", arrayOf(struct(field("ordinal", LongType), field("name", StringType),
                                field("rva", LongType), field("forwarder", StringType)))))),
                field("debug", DEBUG),
                field("loadConfig", LOAD_CONFIG),
                field("tls", TLS),
                field("relocations", RELOCATIONS),
                field("exceptions", EXCEPTIONS),
                field("resources", RESOURCES),
                field("certificates", CERTIFICATES),
                field("richHeader", RICH_HEADER),
                field("overlay", struct(longs("offset", "size"))),
                field(CHECKSUM_CHECK, struct(longs("stored", "computed"))),
                field("hashes", struct(strings("md5", "sha1", "sha256", "imphash"))),
                field("signatures", SIGNATURES),
                field("clr", CLR),
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

    /**
     * The file facts a query on {@code required} needs worked out. The rich header and overlay cost
     * no more than the headers; hashes, checksum, signatures and the sections' entropy read every
     * byte of the file, so only a query that selects them pays for that (a query on
     * {@code sections.name} alone does not, when Spark prunes nested fields). Anomalies come with
     * the facts {@code dump --json} reads, plus any of the costly ones selected.
     */
    public static Set<FileFact> factsFor(StructType required) {
        Set<String> names = Set.of(required.fieldNames());
        Set<FileFact> facts = EnumSet.noneOf(FileFact.class);
        if (names.contains("richHeader") || names.contains("anomalies")) {
            facts.add(FileFact.RICH_HEADER);
        }
        if (names.contains("overlay") || names.contains("anomalies")) {
            facts.add(FileFact.OVERLAY);
        }
        if (names.contains("hashes") || names.contains(CHECKSUM_CHECK) || sectionsWithEntropy(required)) {
            facts.add(FileFact.HASHES);
        }
        if (names.contains("signatures")) {
            facts.add(FileFact.SIGNATURES);
        }
        return facts;
    }

    private static boolean sectionsWithEntropy(StructType required) {
        if (!required.getFieldIndex("sections").isDefined()) {
            return false;
        }
        DataType sections = required.apply("sections").dataType();
        return sections instanceof ArrayType array && array.elementType() instanceof StructType section
                && section.getFieldIndex("entropy").isDefined();
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
        if (type instanceof MapType map) {
            Object[] keys = new Object[node.size()];
            Object[] values = new Object[node.size()];
            Iterator<java.util.Map.Entry<String, JsonNode>> entries = node.fields();
            for (int i = 0; entries.hasNext(); i++) {
                java.util.Map.Entry<String, JsonNode> e = entries.next();
                keys[i] = UTF8String.fromString(e.getKey());
                values[i] = convert(e.getValue(), map.valueType());
            }
            return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
        }
        if (type == LongType) {
            return node.asLong();
        }
        if (type == DoubleType) {
            return node.asDouble();
        }
        if (type == BooleanType) {
            return node.asBoolean();
        }
        return text(node.asText());
    }

    /**
     * A string as Spark's UTF-8 bytes. A byte of a name that was not UTF-8 is a lone surrogate
     * U+DC80..U+DCFF in pescope (the JSON writes it as {@code \\udcXX}); UTF-8 cannot encode it,
     * so the Spark string holds that byte itself, as the file has it (shown as U+FFFD when decoded).
     */
    static UTF8String text(String value) {
        boolean escaped = false;
        for (int i = 0; i < value.length() && !escaped; i++) {
            escaped = Character.isSurrogate(value.charAt(i));
        }
        if (!escaped) {
            return UTF8String.fromString(value);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes.writeBytes(value.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i++;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                bytes.write(c & 0xFF);
            } else if (Character.isSurrogate(c)) {
                bytes.writeBytes("\uFFFD".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return UTF8String.fromBytes(bytes.toByteArray());
    }

    /** The JSON key a column is read from: its name, but for {@link #CHECKSUM_CHECK}. */
    static String jsonKey(String column) {
        return column.equals(CHECKSUM_CHECK) ? "checksum" : column;
    }

    static GenericInternalRow row(JsonNode object, StructType struct) {
        StructField[] fields = struct.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = convert(object.get(jsonKey(fields[i].name())), fields[i].dataType());
        }
        return new GenericInternalRow(values);
    }
}
