package pescope.pe.clr;

/**
 * The name of an assembly, from its Assembly row or an AssemblyRef row. {@code publicKeyOrToken}
 * is the blob as stored (a full key when {@code flags} has PublicKey 0x1, else a token);
 * {@code publicKeyToken} is the 8-byte token in hex, worked out from a full key, "" when none.
 */
public record AssemblyIdentity(String name, String version, String culture, long flags, String publicKeyOrToken,
        String publicKeyToken) {

    public static final long PUBLIC_KEY = 0x0001;

    /** The display form the runtime uses: "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a...". */
    public String displayName() {
        return String.format("%s, Version=%s, Culture=%s, PublicKeyToken=%s", name, version,
                culture.isEmpty() ? "neutral" : culture, publicKeyToken.isEmpty() ? "null" : publicKeyToken);
    }
}
