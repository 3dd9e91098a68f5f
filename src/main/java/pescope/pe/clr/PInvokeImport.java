package pescope.pe.clr;

/**
 * One ImplMap row: a managed method that calls {@code entryPoint} in native module {@code module}.
 * {@code entryPoint} is "#N" when it names an ordinal. {@code argumentBytes} is the stack size of
 * the parameters on x86 (each rounded up to 4 bytes), what stdcall's "_Name@N" decoration uses;
 * null when a parameter's size cannot be known from this assembly alone (a value type defined
 * elsewhere without a well-known size).
 */
public record PInvokeImport(int row, String module, String entryPoint, int mappingFlags, String method,
        Integer argumentBytes) {

    public static final int NO_MANGLE = 0x0001;
    public static final int CHAR_SET_MASK = 0x0006;
    public static final int BEST_FIT_MASK = 0x0030;
    public static final int SUPPORTS_LAST_ERROR = 0x0040;
    public static final int CALL_CONV_MASK = 0x0700;
    public static final int THROW_ON_UNMAPPABLE_MASK = 0x3000;

    /** The character set marshalling uses, and which suffixed names the binder tries. */
    public enum CharSet { NOT_SPEC, ANSI, UNICODE, AUTO }

    public CharSet charSet() {
        return CharSet.values()[(mappingFlags & CHAR_SET_MASK) >> 1];
    }

    /** ExactSpelling (ECMA-335's NoMangle): the binder tries the name as given and nothing else. */
    public boolean exactSpelling() {
        return (mappingFlags & NO_MANGLE) != 0;
    }

    public boolean setLastError() {
        return (mappingFlags & SUPPORTS_LAST_ERROR) != 0;
    }

    /** "winapi", "cdecl", "stdcall", "thiscall", "fastcall", or "0xN" for a value ECMA-335 does not name. */
    public String callingConvention() {
        int value = (mappingFlags & CALL_CONV_MASK) >> 8;
        return switch (value) {
            case 1 -> "winapi";
            case 2 -> "cdecl";
            case 3 -> "stdcall";
            case 4 -> "thiscall";
            case 5 -> "fastcall";
            default -> String.format("0x%X", value);
        };
    }

    /** "enabled", "disabled", or "assembly" when the assembly-wide setting applies. */
    public String bestFitMapping() {
        return switch (mappingFlags & BEST_FIT_MASK) {
            case 0x10 -> "enabled";
            case 0x20 -> "disabled";
            case 0x00 -> "assembly";
            default -> "invalid";
        };
    }

    /** "enabled", "disabled", or "assembly". */
    public String throwOnUnmappableChar() {
        return switch (mappingFlags & THROW_ON_UNMAPPABLE_MASK) {
            case 0x1000 -> "enabled";
            case 0x2000 -> "disabled";
            case 0x0000 -> "assembly";
            default -> "invalid";
        };
    }

    /** An entry point written "#N" binds by ordinal N. */
    public boolean isByOrdinal() {
        return entryPoint.length() > 1 && entryPoint.charAt(0) == '#'
                && entryPoint.substring(1).chars().allMatch(Character::isDigit) && entryPoint.length() <= 6;
    }
}
