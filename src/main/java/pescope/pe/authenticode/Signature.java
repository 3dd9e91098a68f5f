package pescope.pe.authenticode;

import java.util.List;
import java.util.Optional;

/**
 * One Authenticode signature: the digest it signed, the digest of the file as it is now, who
 * signed it and when. {@code certificateIndex} is the WIN_CERTIFICATE entry it came from;
 * {@code nestingLevel} is 0 for a primary signature and 1 for one nested inside it (Windows
 * keeps a SHA-256 signature nested in a SHA-1 one this way).
 *
 * @param signatureValid whether the signer's signature over the signed attributes verifies with
 *     the embedded signing certificate (and the attributes' message digest matches the signed
 *     content): the signature is intact. Says nothing about trust.
 * @param trust whether the signer chains to a trusted certificate; empty when no trust store
 *     was given, so trust was not evaluated
 */
public record Signature(
        int certificateIndex,
        int nestingLevel,
        String digestAlgorithm,
        String signedDigest,
        String computedDigest,
        boolean signatureValid,
        Optional<SignerIdentity> signer,
        List<EmbeddedCertificate> certificates,
        Optional<Timestamp> timestamp,
        Optional<Trust> trust,
        List<String> problems) {

    public Signature {
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
    }

    /** The file still hashes to what was signed. */
    public boolean digestMatches() {
        return !signedDigest.isEmpty() && signedDigest.equals(computedDigest);
    }
}
