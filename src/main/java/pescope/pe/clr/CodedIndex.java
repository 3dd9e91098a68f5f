package pescope.pe.clr;

import static pescope.pe.clr.MetadataTableId.*;

import java.util.Arrays;

/**
 * The coded indexes of ECMA-335 II.24.2.6: the low {@code tagBits} bits pick one of
 * {@code tables}, the rest is a row number. Order matters: it is the order of
 * {@code index_kind} in ksy/metadata_table.ksy after the three heaps.
 */
public enum CodedIndex {
    TYPE_DEF_OR_REF(2, TYPE_DEF, TYPE_REF, TYPE_SPEC),
    HAS_CONSTANT(2, FIELD, PARAM, PROPERTY),
    HAS_CUSTOM_ATTRIBUTE(5, METHOD_DEF, FIELD, TYPE_REF, TYPE_DEF, PARAM, INTERFACE_IMPL, MEMBER_REF, MODULE,
            DECL_SECURITY, PROPERTY, EVENT, STAND_ALONE_SIG, MODULE_REF, TYPE_SPEC, ASSEMBLY, ASSEMBLY_REF, FILE,
            EXPORTED_TYPE, MANIFEST_RESOURCE, GENERIC_PARAM, GENERIC_PARAM_CONSTRAINT, METHOD_SPEC),
    HAS_FIELD_MARSHAL(1, FIELD, PARAM),
    HAS_DECL_SECURITY(2, TYPE_DEF, METHOD_DEF, ASSEMBLY),
    MEMBER_REF_PARENT(3, TYPE_DEF, TYPE_REF, MODULE_REF, METHOD_DEF, TYPE_SPEC),
    HAS_SEMANTICS(1, EVENT, PROPERTY),
    METHOD_DEF_OR_REF(1, METHOD_DEF, MEMBER_REF),
    MEMBER_FORWARDED(1, FIELD, METHOD_DEF),
    IMPLEMENTATION(2, FILE, ASSEMBLY_REF, EXPORTED_TYPE),
    /** Tags 0, 1 and 4 are unused; -1 marks them. */
    CUSTOM_ATTRIBUTE_TYPE(3, -1, -1, METHOD_DEF, MEMBER_REF, -1),
    RESOLUTION_SCOPE(2, MODULE, MODULE_REF, ASSEMBLY_REF, TYPE_REF),
    TYPE_OR_METHOD_DEF(1, TYPE_DEF, METHOD_DEF);

    private final int tagBits;
    private final int[] tables;

    CodedIndex(int tagBits, int... tables) {
        this.tagBits = tagBits;
        this.tables = tables;
    }

    /** 2 bytes while every table it can point at has fewer than 2^(16 - tagBits) rows. */
    int width(long[] rowCounts) {
        long largest = Arrays.stream(tables).filter(t -> t >= 0).mapToLong(t -> rowCounts[t]).max().orElse(0);
        return largest < (1L << (16 - tagBits)) ? 2 : 4;
    }

    /** The table a coded value points into, or -1 for a tag that names none. */
    public int table(long value) {
        int tag = (int) (value & ((1 << tagBits) - 1));
        return tag < tables.length ? tables[tag] : -1;
    }

    public long row(long value) {
        return value >>> tagBits;
    }
}
