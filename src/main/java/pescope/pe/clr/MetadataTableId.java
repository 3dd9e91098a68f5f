package pescope.pe.clr;

import java.util.List;

/** The metadata tables ECMA-335 II.22 defines, by number; their row layouts are in ksy/metadata_table.ksy. */
public final class MetadataTableId {

    public static final int MODULE = 0x00;
    public static final int TYPE_REF = 0x01;
    public static final int TYPE_DEF = 0x02;
    public static final int FIELD_PTR = 0x03;
    public static final int FIELD = 0x04;
    public static final int METHOD_PTR = 0x05;
    public static final int METHOD_DEF = 0x06;
    public static final int PARAM = 0x08;
    public static final int INTERFACE_IMPL = 0x09;
    public static final int MEMBER_REF = 0x0A;
    public static final int CONSTANT = 0x0B;
    public static final int CUSTOM_ATTRIBUTE = 0x0C;
    public static final int DECL_SECURITY = 0x0E;
    public static final int CLASS_LAYOUT = 0x0F;
    public static final int STAND_ALONE_SIG = 0x11;
    public static final int EVENT = 0x14;
    public static final int PROPERTY = 0x17;
    public static final int MODULE_REF = 0x1A;
    public static final int TYPE_SPEC = 0x1B;
    public static final int IMPL_MAP = 0x1C;
    public static final int ASSEMBLY = 0x20;
    public static final int ASSEMBLY_REF = 0x23;
    public static final int FILE = 0x26;
    public static final int EXPORTED_TYPE = 0x27;
    public static final int MANIFEST_RESOURCE = 0x28;
    public static final int NESTED_CLASS = 0x29;
    public static final int GENERIC_PARAM = 0x2A;
    public static final int METHOD_SPEC = 0x2B;
    public static final int GENERIC_PARAM_CONSTRAINT = 0x2C;

    /** Tables past this one are not in ECMA-335 (0x30-0x37 are portable PDB tables). */
    public static final int LAST_KNOWN = 0x2C;

    private static final List<String> NAMES = List.of(
            "Module", "TypeRef", "TypeDef", "FieldPtr", "Field", "MethodPtr", "MethodDef", "ParamPtr",
            "Param", "InterfaceImpl", "MemberRef", "Constant", "CustomAttribute", "FieldMarshal",
            "DeclSecurity", "ClassLayout", "FieldLayout", "StandAloneSig", "EventMap", "EventPtr", "Event",
            "PropertyMap", "PropertyPtr", "Property", "MethodSemantics", "MethodImpl", "ModuleRef", "TypeSpec",
            "ImplMap", "FieldRVA", "EncLog", "EncMap", "Assembly", "AssemblyProcessor", "AssemblyOS",
            "AssemblyRef", "AssemblyRefProcessor", "AssemblyRefOS", "File", "ExportedType", "ManifestResource",
            "NestedClass", "GenericParam", "MethodSpec", "GenericParamConstraint");

    private MetadataTableId() {}

    public static boolean isKnown(int table) {
        return table >= 0 && table <= LAST_KNOWN;
    }

    /** ECMA-335's name for table {@code table}, or "0xNN" for one it does not define. */
    public static String name(int table) {
        return isKnown(table) ? NAMES.get(table) : String.format("0x%02X", table);
    }
}
