package pescope.pe.authenticode;

import java.time.Instant;

/** A certificate carried inside a signature, as embedded: nothing here says it is trusted. */
public record EmbeddedCertificate(String subject, String issuer, String serial, Instant notBefore, Instant notAfter) {}
