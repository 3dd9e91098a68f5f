package pescope.pe;

/**
 * One WIN_CERTIFICATE entry of the certificate table. {@code offset} is a file offset (the
 * table is not mapped into memory); {@code length} includes the 8-byte header. The signature
 * itself (PKCS#7 for type 2) is not decoded yet.
 */
public record Certificate(long offset, long length, int revision, int type) {

    public static final int REVISION_1_0 = 0x0100;
    public static final int REVISION_2_0 = 0x0200;
    public static final int TYPE_X509 = 0x0001;
    public static final int TYPE_PKCS_SIGNED_DATA = 0x0002;
    public static final int TYPE_TS_STACK_SIGNED = 0x0004;

    public String typeName() {
        return switch (type) {
            case TYPE_X509 -> "X.509";
            case TYPE_PKCS_SIGNED_DATA -> "PKCS#7 SignedData";
            case 0x0003 -> "reserved";
            case TYPE_TS_STACK_SIGNED -> "Terminal Server stack signed";
            default -> "unknown";
        };
    }
}
