package pescope.pe.clr;

import java.util.Map;

/**
 * The stack bytes a method's parameters take on x86, from its MethodDefSig (ECMA-335 II.23.2.1),
 * each parameter rounded up to 4 bytes as stdcall's "@N" decoration counts them. A value type is
 * sized from this module's metadata (an enum by its underlying type, a struct by its ClassLayout)
 * or from a short list of well-known System types; anything else makes the size unknown.
 */
final class ArgumentSizes {

    /** Types nested deeper than this (pointers to pointers...) are garbage. */
    private static final int MAX_DEPTH = 32;

    /** Value types outside this module whose size every runtime agrees on. */
    private static final Map<String, Integer> WELL_KNOWN = Map.ofEntries(
            Map.entry("System.Boolean", 1), Map.entry("System.Char", 2), Map.entry("System.SByte", 1),
            Map.entry("System.Byte", 1), Map.entry("System.Int16", 2), Map.entry("System.UInt16", 2),
            Map.entry("System.Int32", 4), Map.entry("System.UInt32", 4), Map.entry("System.Int64", 8),
            Map.entry("System.UInt64", 8), Map.entry("System.Single", 4), Map.entry("System.Double", 8),
            Map.entry("System.IntPtr", 4), Map.entry("System.UIntPtr", 4), Map.entry("System.Guid", 16),
            Map.entry("System.Decimal", 16), Map.entry("System.DateTime", 8),
            Map.entry("System.Runtime.InteropServices.HandleRef", 8));

    /** Sizes of value types by TypeDefOrRef coded value; supplied by the module reader. */
    interface ValueTypes {
        /** Size in bytes of the value type a TypeDefOrRefEncoded value names, or -1 when unknown. */
        int size(long typeDefOrRef);
    }

    private final ValueTypes valueTypes;

    ArgumentSizes(ValueTypes valueTypes) {
        this.valueTypes = valueTypes;
    }

    static Integer wellKnown(String fullName) {
        return WELL_KNOWN.get(fullName);
    }

    /** Bytes of the parameters, or null when a size is unknown or the blob is damaged. */
    Integer argumentBytes(byte[] signature) {
        try {
            Cursor in = new Cursor(signature);
            int callingConvention = in.u1();
            if ((callingConvention & 0x10) != 0) {
                in.compressed();
            }
            long count = in.compressed();
            if (count > signature.length) {
                return null;
            }
            skipType(in, 0);
            int total = 0;
            boolean known = true;
            for (long i = 0; i < count; i++) {
                int size = typeSize(in, 0);
                if (size < 0) {
                    known = false;
                } else {
                    total += (size + 3) & ~3;
                }
            }
            return known ? total : null;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Size of the type at the cursor as a parameter, -1 when unknown; the cursor moves past it. */
    private int typeSize(Cursor in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("type nested too deep");
        }
        int element = in.u1();
        switch (element) {
            case 0x1F, 0x20 -> { // CMOD_REQD, CMOD_OPT: a modifier type, then the type
                in.compressed();
                return typeSize(in, depth + 1);
            }
            case 0x45 -> { return typeSize(in, depth + 1); } // PINNED
            case 0x02, 0x04, 0x05 -> { return 1; }
            case 0x03, 0x06, 0x07 -> { return 2; }
            case 0x08, 0x09, 0x0C, 0x18, 0x19 -> { return 4; }
            case 0x0A, 0x0B, 0x0D -> { return 8; }
            case 0x0E, 0x1C -> { return 4; } // string, object: a pointer once marshalled
            case 0x0F, 0x10, 0x1D -> { // PTR, BYREF, SZARRAY: a pointer
                skipType(in, depth + 1);
                return 4;
            }
            case 0x12 -> { in.compressed(); return 4; } // CLASS
            case 0x11 -> { return valueTypes.size(in.compressed()); } // VALUETYPE
            case 0x14 -> { skipArrayShape(in, depth); return 4; }
            case 0x1B -> { skipMethodSig(in, depth); return 4; } // FNPTR
            case 0x16 -> { return 8; } // TYPEDBYREF
            case 0x15 -> { skipGenericInstance(in, depth); return -1; }
            case 0x13, 0x1E -> { in.compressed(); return -1; } // VAR, MVAR
            default -> throw new IllegalArgumentException("element type 0x" + Integer.toHexString(element));
        }
    }

    private void skipType(Cursor in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("type nested too deep");
        }
        int element = in.peek();
        if (element == 0x01) { // VOID
            in.u1();
            return;
        }
        typeSize(in, depth);
    }

    private void skipArrayShape(Cursor in, int depth) {
        skipType(in, depth + 1);
        in.compressed(); // rank
        long sizes = in.compressed();
        for (long i = 0; i < sizes; i++) {
            in.compressed();
        }
        long bounds = in.compressed();
        for (long i = 0; i < bounds; i++) {
            in.compressed();
        }
    }

    private void skipGenericInstance(Cursor in, int depth) {
        in.u1(); // CLASS or VALUETYPE
        in.compressed();
        long arguments = in.compressed();
        for (long i = 0; i < arguments; i++) {
            skipType(in, depth + 1);
        }
    }

    private void skipMethodSig(Cursor in, int depth) {
        int callingConvention = in.u1();
        if ((callingConvention & 0x10) != 0) {
            in.compressed();
        }
        long count = in.compressed();
        skipType(in, depth + 1);
        for (long i = 0; i < count; i++) {
            if (in.peek() == 0x41) { // SENTINEL before vararg parameters
                in.u1();
            }
            skipType(in, depth + 1);
        }
    }

    /** A read position in a signature blob; reading past the end throws IndexOutOfBoundsException. */
    static final class Cursor {
        private final byte[] bytes;
        private int at;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        int u1() {
            return bytes[at++] & 0xFF;
        }

        int peek() {
            return bytes[at] & 0xFF;
        }

        /** ECMA-335 II.23.2: 1, 2 or 4 bytes, big-endian, the length in the top bits. */
        long compressed() {
            int first = u1();
            if ((first & 0x80) == 0) {
                return first;
            }
            if ((first & 0xC0) == 0x80) {
                return ((first & 0x3F) << 8) | u1();
            }
            if ((first & 0xE0) == 0xC0) {
                return ((long) (first & 0x1F) << 24) | (u1() << 16) | (u1() << 8) | u1();
            }
            throw new IllegalArgumentException("bad compressed integer");
        }
    }
}
