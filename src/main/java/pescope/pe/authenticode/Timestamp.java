package pescope.pe.authenticode;

import java.time.Instant;

/**
 * When a time-stamp authority saw the signature. {@code kind} is {@code rfc3161} (the
 * Microsoft RFC 3161 attribute) or {@code countersignature} (the older Authenticode
 * counter-signature with a signing-time attribute).
 */
public record Timestamp(String kind, Instant time, SignerIdentity authority) {}
