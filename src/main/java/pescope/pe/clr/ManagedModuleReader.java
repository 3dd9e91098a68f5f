package pescope.pe.clr;

import static pescope.pe.clr.MetadataTableId.*;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import pescope.format.MetadataTable.AssemblyRefRow;
import pescope.format.MetadataTable.AssemblyRow;
import pescope.format.MetadataTable.ClassLayoutRow;
import pescope.format.MetadataTable.FieldRow;
import pescope.format.MetadataTable.ImplMapRow;
import pescope.format.MetadataTable.MethodDefRow;
import pescope.format.MetadataTable.MethodPtrRow;
import pescope.format.MetadataTable.ModuleRefRow;
import pescope.format.MetadataTable.NestedClassRow;
import pescope.format.MetadataTable.TypeDefRow;
import pescope.format.MetadataTable.TypeRefRow;
import pescope.pe.Anomaly.Kind;

/**
 * Turns the rows of a {@link Metadata} into the model: the assembly, its references and its
 * P/Invokes. Every index a row holds is checked against the table it points into.
 */
final class ManagedModuleReader {

    private final Metadata metadata;
    private final Heaps heaps;
    private final MetadataAnomalies anomalies;
    private final List<TypeDefRow> types;
    private final List<MethodDefRow> methods;
    /** For each method row (0-based), the TypeDef row (0-based) that owns it, or -1. */
    private int[] ownerOfMethod;
    private int[] enclosingType;
    /** Value-type sizes by TypeDefOrRef coded value, worked out once each. */
    private final java.util.Map<Long, Integer> valueTypeSizes = new java.util.HashMap<>();
    /** ClassLayout's ClassSize by TypeDef row (1-based), built on first use. */
    private java.util.Map<Long, Long> classSizes;

    ManagedModuleReader(Metadata metadata, MetadataAnomalies anomalies) {
        this.metadata = metadata;
        this.heaps = metadata.heaps();
        this.anomalies = anomalies;
        this.types = metadata.rows(TYPE_DEF);
        this.methods = metadata.rows(METHOD_DEF);
    }

    Optional<AssemblyIdentity> assembly() {
        List<AssemblyRow> rows = metadata.rows(ASSEMBLY);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (rows.size() > 1) {
            anomalies.add(Kind.METADATA_TABLE_DAMAGED, "Assembly table has %d rows; ECMA-335 allows one", rows.size());
        }
        AssemblyRow row = rows.get(0);
        byte[] key = heaps.blob(row.publicKey().value(), "Assembly public key").orElse(new byte[0]);
        return Optional.of(new AssemblyIdentity(heaps.string(row.name().value(), "Assembly name"),
                version(row.majorVersion(), row.minorVersion(), row.buildNumber(), row.revisionNumber()),
                heaps.string(row.culture().value(), "Assembly culture"), row.flags(), hex(key), token(key)));
    }

    List<AssemblyIdentity> assemblyRefs() {
        List<AssemblyIdentity> refs = new ArrayList<>();
        List<AssemblyRefRow> rows = metadata.rows(ASSEMBLY_REF);
        for (int i = 0; i < rows.size(); i++) {
            AssemblyRefRow row = rows.get(i);
            String where = "AssemblyRef row " + (i + 1);
            byte[] key = heaps.blob(row.publicKeyOrToken().value(), where).orElse(new byte[0]);
            boolean fullKey = (row.flags() & AssemblyIdentity.PUBLIC_KEY) != 0;
            refs.add(new AssemblyIdentity(heaps.string(row.name().value(), where),
                    version(row.majorVersion(), row.minorVersion(), row.buildNumber(), row.revisionNumber()),
                    heaps.string(row.culture().value(), where), row.flags(), hex(key),
                    fullKey ? token(key) : hex(key)));
        }
        return refs;
    }

    List<String> moduleRefs() {
        List<String> names = new ArrayList<>();
        List<ModuleRefRow> rows = metadata.rows(MODULE_REF);
        for (int i = 0; i < rows.size(); i++) {
            names.add(heaps.string(rows.get(i).name().value(), "ModuleRef row " + (i + 1)));
        }
        return names;
    }

    List<PInvokeImport> pinvokes(List<String> moduleRefs) {
        List<PInvokeImport> imports = new ArrayList<>();
        List<ImplMapRow> rows = metadata.rows(IMPL_MAP);
        ArgumentSizes sizes = new ArgumentSizes(this::valueTypeSize);
        for (int i = 0; i < rows.size(); i++) {
            ImplMapRow row = rows.get(i);
            String where = "ImplMap row " + (i + 1);
            long scope = row.importScope().value();
            String module = null;
            if (scope >= 1 && scope <= moduleRefs.size()) {
                module = moduleRefs.get((int) scope - 1);
            } else {
                anomalies.add(Kind.METADATA_INDEX_OUT_OF_RANGE, "%s: ModuleRef %d does not exist (%d rows)",
                        where, scope, moduleRefs.size());
            }
            long forwarded = row.memberForwarded().value();
            int table = CodedIndex.MEMBER_FORWARDED.table(forwarded);
            long member = CodedIndex.MEMBER_FORWARDED.row(forwarded);
            String method = null;
            Integer argumentBytes = null;
            if (table == METHOD_DEF && member >= 1 && member <= methods.size()) {
                MethodDefRow methodRow = methods.get((int) member - 1);
                method = typeName(owner((int) member - 1)) + "::" + heaps.string(methodRow.name().value(), where);
                argumentBytes = heaps.blob(methodRow.signature().value(), where).map(sizes::argumentBytes).orElse(null);
            } else if (table == FIELD) {
                anomalies.add(Kind.METADATA_TABLE_DAMAGED, "%s: forwards field %d; only methods can be P/Invokes", where, member);
            } else {
                anomalies.add(Kind.METADATA_INDEX_OUT_OF_RANGE, "%s: MethodDef %d does not exist (%d rows)",
                        where, member, methods.size());
            }
            imports.add(new PInvokeImport(i + 1, module, heaps.string(row.importName().value(), where),
                    row.mappingFlags(), method, argumentBytes));
        }
        return imports;
    }

    /** The TypeDef row (0-based) whose method list holds method row {@code method} (0-based), or -1. */
    private int owner(int method) {
        if (ownerOfMethod == null) {
            ownerOfMethod = new int[methods.size()];
            Arrays.fill(ownerOfMethod, -1);
            int[] position = methodPositions();
            // Method lists ascend in valid metadata; a hostile one that jumps back would make
            // ranges overlap, so each position is visited once: work stays types + methods.
            long covered = 1;
            for (int t = 0; t < types.size(); t++) {
                long start = types.get(t).methodList().value();
                long end = t + 1 < types.size() ? types.get(t + 1).methodList().value() : position.length + 1;
                long from = Math.max(Math.max(1, start), covered);
                covered = Math.max(covered, end);
                for (long p = from; p < end && p <= position.length; p++) {
                    int m = position[(int) p - 1];
                    if (m >= 0 && m < ownerOfMethod.length && ownerOfMethod[m] < 0) {
                        ownerOfMethod[m] = t;
                    }
                }
            }
        }
        return method < ownerOfMethod.length ? ownerOfMethod[method] : -1;
    }

    /**
     * What each position of a type's method list means: the method row itself, or in an
     * uncompressed (#-) stream with a MethodPtr table, the row that table names.
     */
    private int[] methodPositions() {
        List<MethodPtrRow> pointers = metadata.rows(METHOD_PTR);
        int[] position = new int[pointers.isEmpty() ? methods.size() : pointers.size()];
        for (int p = 0; p < position.length; p++) {
            position[p] = pointers.isEmpty() ? p : (int) Math.min(Integer.MAX_VALUE, pointers.get(p).method().value() - 1);
        }
        return position;
    }

    /** "Namespace.Outer/Inner", as monodis and ildasm write a nested type; "" for a module-level method. */
    private String typeName(int type) {
        if (type < 0) {
            return "";
        }
        if (enclosingType == null) {
            enclosingType = new int[types.size()];
            Arrays.fill(enclosingType, -1);
            for (NestedClassRow row : metadata.<NestedClassRow>rows(NESTED_CLASS)) {
                long nested = row.nestedClass().value();
                long enclosing = row.enclosingClass().value();
                if (nested >= 1 && nested <= types.size() && enclosing >= 1 && enclosing <= types.size()) {
                    enclosingType[(int) nested - 1] = (int) enclosing - 1;
                }
            }
        }
        StringBuilder name = new StringBuilder();
        int current = type;
        for (int depth = 0; current >= 0 && depth < 64; depth++) {
            TypeDefRow row = types.get(current);
            String simple = heaps.string(row.typeName().value(), "TypeDef row " + (current + 1));
            int outer = enclosingType[current];
            String namespace = outer < 0 ? heaps.string(row.typeNamespace().value(), "TypeDef row " + (current + 1)) : "";
            name.insert(0, (namespace.isEmpty() ? "" : namespace + ".") + simple + (name.length() > 0 ? "/" : ""));
            current = outer;
        }
        return name.toString();
    }

    /** Size of a value type named by a TypeDefOrRefEncoded value, -1 when unknown. */
    private int valueTypeSize(long coded) {
        return valueTypeSizes.computeIfAbsent(coded, this::workOutValueTypeSize);
    }

    private int workOutValueTypeSize(long coded) {
        int table = CodedIndex.TYPE_DEF_OR_REF.table(coded);
        long row = CodedIndex.TYPE_DEF_OR_REF.row(coded);
        if (table == TYPE_REF) {
            List<TypeRefRow> refs = metadata.rows(TYPE_REF);
            if (row < 1 || row > refs.size()) {
                return -1;
            }
            TypeRefRow ref = refs.get((int) row - 1);
            String name = heaps.string(ref.typeNamespace().value(), "TypeRef") + "." + heaps.string(ref.typeName().value(), "TypeRef");
            Integer size = ArgumentSizes.wellKnown(name);
            return size == null ? -1 : size;
        }
        if (table != TYPE_DEF || row < 1 || row > types.size()) {
            return -1;
        }
        TypeDefRow type = types.get((int) row - 1);
        Integer wellKnown = ArgumentSizes.wellKnown(heaps.string(type.typeNamespace().value(), "TypeDef") + "."
                + heaps.string(type.typeName().value(), "TypeDef"));
        if (wellKnown != null) {
            return wellKnown;
        }
        if (extendsEnum(type)) {
            return enumSize((int) row - 1);
        }
        if (classSizes == null) {
            classSizes = new java.util.HashMap<>();
            for (ClassLayoutRow layout : metadata.<ClassLayoutRow>rows(CLASS_LAYOUT)) {
                classSizes.putIfAbsent(layout.parent().value(), layout.classSize());
            }
        }
        long size = classSizes.getOrDefault(row, 0L);
        return size > 0 ? (int) Math.min(size, Integer.MAX_VALUE) : -1;
    }

    private boolean extendsEnum(TypeDefRow type) {
        long extendsValue = type.extendsType().value();
        int table = CodedIndex.TYPE_DEF_OR_REF.table(extendsValue);
        long row = CodedIndex.TYPE_DEF_OR_REF.row(extendsValue);
        List<? extends Object> list = table == TYPE_REF ? metadata.rows(TYPE_REF) : table == TYPE_DEF ? types : List.of();
        if (row < 1 || row > list.size()) {
            return false;
        }
        String namespace;
        String name;
        if (table == TYPE_REF) {
            TypeRefRow ref = (TypeRefRow) list.get((int) row - 1);
            namespace = heaps.string(ref.typeNamespace().value(), "TypeRef");
            name = heaps.string(ref.typeName().value(), "TypeRef");
        } else {
            TypeDefRow def = (TypeDefRow) list.get((int) row - 1);
            namespace = heaps.string(def.typeNamespace().value(), "TypeDef");
            name = heaps.string(def.typeName().value(), "TypeDef");
        }
        return namespace.equals("System") && name.equals("Enum");
    }

    /** An enum's size is its instance field's (value__): the first non-static field's type. */
    private int enumSize(int type) {
        List<FieldRow> fields = metadata.rows(FIELD);
        long start = types.get(type).fieldList().value();
        long end = type + 1 < types.size() ? types.get(type + 1).fieldList().value() : fields.size() + 1;
        for (long f = Math.max(1, start); f < end && f <= fields.size(); f++) {
            FieldRow field = fields.get((int) f - 1);
            if ((field.flags() & 0x0010) != 0) { // static: an enum's named values
                continue;
            }
            byte[] signature = heaps.blob(field.signature().value(), "Field row " + f).orElse(new byte[0]);
            if (signature.length >= 2 && signature[0] == 0x06) {
                return switch (signature[1]) {
                    case 0x02, 0x04, 0x05 -> 1;
                    case 0x03, 0x06, 0x07 -> 2;
                    case 0x08, 0x09, 0x18, 0x19 -> 4;
                    case 0x0A, 0x0B -> 8;
                    default -> -1;
                };
            }
            return -1;
        }
        return -1;
    }

    private static String version(int major, int minor, int build, int revision) {
        return major + "." + minor + "." + build + "." + revision;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The public key token: the last 8 bytes of the key's SHA-1, reversed (ECMA-335 II.6.2.1.3). */
    static String token(byte[] publicKey) {
        if (publicKey.length == 0) {
            return "";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(publicKey);
            byte[] token = new byte[8];
            for (int i = 0; i < 8; i++) {
                token[i] = hash[hash.length - 1 - i];
            }
            return hex(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
