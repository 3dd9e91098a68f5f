package pescope.pe.authenticode;

/** Whether a signer chains to a certificate the user trusts; evaluated only when a trust store is given. */
public record Trust(boolean trusted, String reason) {}
