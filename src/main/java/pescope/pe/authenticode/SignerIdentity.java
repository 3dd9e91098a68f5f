package pescope.pe.authenticode;

/** Who signed: the signing certificate's subject and issuer (RFC 4514 order as encoded) and serial (upper-case hex). */
public record SignerIdentity(String subject, String issuer, String serial) {}
