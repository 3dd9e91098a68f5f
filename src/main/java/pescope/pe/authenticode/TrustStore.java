package pescope.pe.authenticode;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates a user trusts (a PEM bundle such as /etc/ssl/certs/ca-certificates.crt, or
 * DER), against which a signer's chain is built and validated with the JDK's PKIX implementation.
 * Revocation is not checked: pescope reads files and makes no network requests.
 */
public final class TrustStore {

    /** A trust store larger than this is not a certificate bundle (the Debian bundle is about 200 KB). */
    public static final int MAX_BYTES = 16 << 20;

    private final Set<TrustAnchor> anchors;

    private TrustStore(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /** The certificates in {@code bytes}; an error names what is wrong, for a usage message. */
    public static TrustStore parse(byte[] bytes) throws GeneralSecurityException {
        Collection<? extends java.security.cert.Certificate> certificates =
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        Set<TrustAnchor> anchors = new HashSet<>();
        for (java.security.cert.Certificate c : certificates) {
            anchors.add(new TrustAnchor((X509Certificate) c, null));
        }
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("no certificates in it");
        }
        return new TrustStore(anchors);
    }

    public int size() {
        return anchors.size();
    }

    /**
     * Whether a chain from {@code signer} through the signature's own certificates reaches a
     * trusted certificate, valid at {@code when} (the time stamp, else now).
     */
    Trust evaluate(X509Certificate signer, List<X509Certificate> embedded, Instant when) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(when));
            List<X509Certificate> intermediates = new ArrayList<>(embedded);
            intermediates.add(signer);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(intermediates)));
            PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult)
                    java.security.cert.CertPathBuilder.getInstance("PKIX").build(parameters);
            CertPath path = built.getCertPath();
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            return new Trust(true, "chain of " + (path.getCertificates().size() + 1) + " certificate(s) to trusted "
                    + built.getTrustAnchor().getTrustedCert().getSubjectX500Principal().getName() + " (revocation not checked)");
        } catch (CertPathValidatorException e) {
            return new Trust(false, "chain does not validate: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return new Trust(false, "no chain to a trusted certificate: " + e.getMessage());
        }
    }
}
