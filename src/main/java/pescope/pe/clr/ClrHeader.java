package pescope.pe.clr;

/** The CLR runtime header (IMAGE_COR20_HEADER), ECMA-335 II.25.3.3. */
public record ClrHeader(long cb, int majorRuntimeVersion, int minorRuntimeVersion, Location metadata, long flags,
        long entryPointToken, Location resources, Location strongNameSignature, Location codeManagerTable,
        Location vtableFixups, Location exportAddressTableJumps, Location managedNativeHeader) {

    public static final long IL_ONLY = 0x1;
    public static final long REQUIRES_32BIT = 0x2;
    public static final long IL_LIBRARY = 0x4;
    public static final long STRONG_NAME_SIGNED = 0x8;
    public static final long NATIVE_ENTRYPOINT = 0x10;
    public static final long TRACK_DEBUG_DATA = 0x10000;
    public static final long PREFERS_32BIT = 0x20000;

    /** An RVA and a size. */
    public record Location(long rva, long size) {}

    public boolean ilOnly() {
        return (flags & IL_ONLY) != 0;
    }

    public boolean requires32Bit() {
        return (flags & REQUIRES_32BIT) != 0;
    }

    public boolean prefers32Bit() {
        return (flags & PREFERS_32BIT) != 0;
    }

    public boolean strongNameSigned() {
        return (flags & STRONG_NAME_SIGNED) != 0;
    }

    public boolean nativeEntryPoint() {
        return (flags & NATIVE_ENTRYPOINT) != 0;
    }
}
