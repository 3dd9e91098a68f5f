package pescope.pe.authenticode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;
import pescope.pe.Certificate;
import pescope.pe.Certificates;
import pescope.pe.DataDirectory;
import pescope.pe.PeImage;

/**
 * Decodes the Authenticode signatures of an image and checks each against the file's own hash.
 * The caller (the certificate-table reader) has bounded and placed every WIN_CERTIFICATE entry;
 * what is decoded here is the PKCS#7 inside each entry of type PKCS_SIGNED_DATA, with
 * BouncyCastle, including signatures nested in unsigned attributes and both time-stamp forms.
 */
public final class Authenticode {

    /** WIN_CERT_TYPE_PKCS_SIGNED_DATA: the only certificate type Windows verifies. */
    public static final int PKCS_SIGNED_DATA = 2;
    /** Signatures read in all, nested ones included: Windows appends a few at most. */
    public static final int MAX_SIGNATURES = 32;
    /** How deep nested signatures are followed (a nested signature may itself nest, in principle). */
    public static final int MAX_NESTING = 4;

    private static final ASN1ObjectIdentifier SPC_INDIRECT_DATA = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.4");
    private static final ASN1ObjectIdentifier NESTED_SIGNATURE = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.4.1");
    private static final ASN1ObjectIdentifier RFC3161_TIMESTAMP = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.3.3.1");

    /** Digest OIDs to the names signtool and osslsigncode print. */
    private static final Map<String, String> DIGESTS = Map.of(
            "1.2.840.113549.2.5", "MD5",
            "1.3.14.3.2.26", "SHA1",
            "2.16.840.1.101.3.4.2.1", "SHA256",
            "2.16.840.1.101.3.4.2.2", "SHA384",
            "2.16.840.1.101.3.4.2.3", "SHA512");

    /** One WIN_CERTIFICATE entry as placed by the certificate-table reader; its content follows its 8-byte header. */
    public record CertificateEntry(int index, long offset, long length, int revision, int type) {}

    /**
     * Where the image hash skips and stops: file offsets of the CheckSum field and of the
     * Certificates data-directory entry, and of the certificate table (0 when the file has none).
     */
    public record HashLayout(long checksumOffset, long certificateEntryOffset, long certificateTableOffset) {}

    private Authenticode() {}

    /** Where the image hash of {@code image} skips fields and stops. */
    public static HashLayout hashLayout(PeImage image) {
        return hashLayout(image.peHeaderOffset(), image.optionalHeader().isPe32Plus(), image.dataDirectories());
    }

    /** Where the image hash skips fields and stops, from the PE header's offset, its width and its data directories. */
    public static HashLayout hashLayout(long peHeaderOffset, boolean pe32Plus, List<DataDirectory> directories) {
        long optionalHeader = peHeaderOffset + 24;
        // CheckSum sits at the same offset in PE32 and PE32+; the data directories start 16 bytes later in PE32+.
        long firstDirectory = optionalHeader + (pe32Plus ? 112 : 96);
        long table = directories.size() > DataDirectory.CERTIFICATES && directories.get(DataDirectory.CERTIFICATES).isPresent()
                ? directories.get(DataDirectory.CERTIFICATES).rva() : 0L;
        return new HashLayout(optionalHeader + 64, firstDirectory + 8L * DataDirectory.CERTIFICATES, table);
    }

    /**
     * The WIN_CERTIFICATE entries of {@code image}, as the certificate-table reader placed and
     * bounded them (the image must have been read with {@link pescope.pe.Directory#CERTIFICATES}).
     */
    public static List<CertificateEntry> entries(PeImage image) {
        return image.directory(Certificates.class).map(Authenticode::entries).orElse(List.of());
    }

    /** The entries of a certificate table as the certificate-table reader placed them. */
    public static List<CertificateEntry> entries(Certificates table) {
        List<CertificateEntry> entries = new ArrayList<>();
        for (Certificate c : table.entries()) {
            entries.add(new CertificateEntry(entries.size(), c.offset(), c.length(), c.revision(), c.type()));
        }
        return entries;
    }

    /** Every signature in the entries, in table order, each primary followed by those nested in it; trust not evaluated. */
    public static List<Signature> read(ByteBuffer file, HashLayout layout, List<CertificateEntry> entries) {
        return read(file, layout, entries, Optional.empty());
    }

    /** As {@link #read(ByteBuffer, HashLayout, List)}, evaluating each signer against {@code trustStore} when given. */
    public static List<Signature> read(ByteBuffer file, HashLayout layout, List<CertificateEntry> entries,
            Optional<TrustStore> trustStore) {
        long end = layout.certificateTableOffset() > 0 ? Math.min(layout.certificateTableOffset(), file.capacity()) : file.capacity();
        ImageDigests hash = new ImageDigests(file,
                new Authentihash(layout.checksumOffset(), layout.certificateEntryOffset(), end));
        List<Signature> signatures = new ArrayList<>();
        for (CertificateEntry entry : entries) {
            if (entry.type() != PKCS_SIGNED_DATA || signatures.size() >= MAX_SIGNATURES) {
                continue;
            }
            long contentLength = entry.length() - 8;
            if (contentLength <= 0 || entry.offset() + entry.length() > file.capacity()) {
                signatures.add(broken(entry.index(), 0, "certificate entry runs past the end of the file"));
                continue;
            }
            byte[] content = new byte[(int) contentLength];
            file.duplicate().position((int) entry.offset() + 8).get(content);
            try {
                decode(new CMSSignedData(content), entry.index(), 0, file, hash, trustStore, signatures);
            } catch (CMSException | RuntimeException e) {
                // BouncyCastle reports malformed DER as IllegalArgumentException/IllegalStateException/ClassCastException.
                signatures.add(broken(entry.index(), 0, "not a PKCS#7 SignedData: " + reason(e)));
            }
        }
        return signatures;
    }

    /**
     * The image hash by algorithm, each computed once: the up to 32 signatures of a file (nested
     * ones included) use one or two algorithms, and each hash reads the whole file.
     */
    private static final class ImageDigests {
        private final ByteBuffer file;
        private final Authentihash hash;
        private final Map<String, String> byAlgorithm = new HashMap<>();

        ImageDigests(ByteBuffer file, Authentihash hash) {
            this.file = file;
            this.hash = hash;
        }

        String of(String algorithm) {
            return byAlgorithm.computeIfAbsent(algorithm, a -> hash.compute(file, a, hash.end() == file.capacity()));
        }
    }

    private static void decode(CMSSignedData signed, int index, int level, ByteBuffer file, ImageDigests hash,
            Optional<TrustStore> trustStore, List<Signature> out) {
        List<String> problems = new ArrayList<>();
        String algorithm = "";
        String signedDigest = "";
        if (!SPC_INDIRECT_DATA.equals(signed.getSignedContentTypeOID() == null ? null
                : new ASN1ObjectIdentifier(signed.getSignedContentTypeOID()))) {
            problems.add("signed content is " + signed.getSignedContentTypeOID() + ", not SpcIndirectDataContent");
        } else {
            // SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }
            ASN1Sequence spc = ASN1Sequence.getInstance(
                    SignedData.getInstance(signed.toASN1Structure().getContent()).getEncapContentInfo().getContent());
            ASN1Sequence digestInfo = ASN1Sequence.getInstance(spc.getObjectAt(1));
            AlgorithmIdentifier digestAlgorithm = AlgorithmIdentifier.getInstance(digestInfo.getObjectAt(0));
            algorithm = DIGESTS.getOrDefault(digestAlgorithm.getAlgorithm().getId(), digestAlgorithm.getAlgorithm().getId());
            signedDigest = HexFormat.of().withUpperCase().formatHex(ASN1OctetString.getInstance(digestInfo.getObjectAt(1)).getOctets());
        }
        String computed = "";
        if (DIGESTS.containsValue(algorithm)) {
            computed = hash.of(algorithm);
        } else if (!algorithm.isEmpty()) {
            problems.add("unknown digest algorithm " + algorithm);
        }

        Store<X509CertificateHolder> store = signed.getCertificates();
        List<EmbeddedCertificate> certificates = new ArrayList<>();
        for (X509CertificateHolder c : store.getMatches(null)) {
            certificates.add(new EmbeddedCertificate(c.getSubject().toString(), c.getIssuer().toString(), hex(c.getSerialNumber()),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            problems.add("Authenticode requires exactly one signer; this signature has " + signers.size());
        }
        Optional<SignerIdentity> signer = Optional.empty();
        Optional<Timestamp> timestamp = Optional.empty();
        boolean valid = false;
        Optional<Trust> trust = Optional.empty();
        SignerInformation info = signers.isEmpty() ? null : signers.iterator().next();
        if (info != null) {
            X509CertificateHolder certificate = signingCertificate(store, info);
            if (certificate == null) {
                problems.add("the signing certificate is not in the signature");
            } else {
                signer = Optional.of(identity(certificate));
                valid = verifies(info, certificate, problems);
            }
            timestamp = timestamp(info, store, problems);
            if (trustStore.isPresent() && certificate != null) {
                Instant when = timestamp.map(Timestamp::time).orElse(Instant.now());
                try {
                    trust = Optional.of(trustStore.get().evaluate(x509(certificate), store.getMatches(null).stream()
                            .map(Authenticode::x509).toList(), when));
                } catch (IllegalArgumentException e) {
                    trust = Optional.of(new Trust(false, e.getMessage()));
                }
            }
        }
        out.add(new Signature(index, level, algorithm, signedDigest, computed, valid, signer, certificates, timestamp, trust,
                problems));
        if (info != null && level < MAX_NESTING) {
            for (CMSSignedData nested : nested(info, problems)) {
                if (out.size() >= MAX_SIGNATURES) {
                    return;
                }
                decode(nested, index, level + 1, file, hash, trustStore, out);
            }
        }
    }

    private static X509CertificateHolder signingCertificate(Store<X509CertificateHolder> store, SignerInformation info) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(info.getSID());
        return matches.isEmpty() ? null : matches.iterator().next();
    }

    private static boolean verifies(SignerInformation info, X509CertificateHolder certificate, List<String> problems) {
        try {
            if (info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
                return true;
            }
            problems.add("the signer's signature does not verify");
        } catch (Exception e) {
            problems.add("the signer's signature does not verify: " + reason(e));
        }
        return false;
    }

    /** The RFC 3161 time stamp if there is one, else the counter-signature's signing time. */
    private static Optional<Timestamp> timestamp(SignerInformation info, Store<X509CertificateHolder> store,
            List<String> problems) {
        AttributeTable unsigned = info.getUnsignedAttributes();
        if (unsigned != null) {
            Attribute rfc3161 = unsigned.get(RFC3161_TIMESTAMP);
            if (rfc3161 != null && rfc3161.getAttrValues().size() > 0) {
                try {
                    TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(rfc3161.getAttrValues().getObjectAt(0)));
                    return Optional.of(new Timestamp("rfc3161", token.getTimeStampInfo().getGenTime().toInstant(),
                            authority(token.getCertificates(), token.getSID())));
                } catch (Exception e) {
                    problems.add("RFC 3161 time stamp unreadable: " + reason(e));
                }
            }
        }
        for (SignerInformation counter : info.getCounterSignatures().getSigners()) {
            AttributeTable signedAttributes = counter.getSignedAttributes();
            Attribute time = signedAttributes == null ? null : signedAttributes.get(CMSAttributes.signingTime);
            if (time != null && time.getAttrValues().size() > 0) {
                Instant when = Time.getInstance(time.getAttrValues().getObjectAt(0)).getDate().toInstant();
                // The counter-signer's certificate travels in the outer signature's certificate set.
                return Optional.of(new Timestamp("countersignature", when, authority(store, counter.getSID())));
            }
        }
        return Optional.empty();
    }

    /** The time-stamp authority: its certificate's names when the certificate is there, else the issuer and serial it was named by. */
    private static SignerIdentity authority(Store<X509CertificateHolder> store, SignerId sid) {
        X509CertificateHolder certificate = null;
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(sid);
        if (!matches.isEmpty()) {
            certificate = matches.iterator().next();
        }
        return certificate != null ? identity(certificate)
                : new SignerIdentity("", sid.getIssuer() == null ? "" : sid.getIssuer().toString(),
                        sid.getSerialNumber() == null ? "" : hex(sid.getSerialNumber()));
    }

    private static List<CMSSignedData> nested(SignerInformation info, List<String> problems) {
        AttributeTable unsigned = info.getUnsignedAttributes();
        if (unsigned == null) {
            return List.of();
        }
        List<CMSSignedData> nested = new ArrayList<>();
        // Several nested signatures may sit in one attribute's values, or in repeated attributes.
        var attributes = unsigned.getAll(NESTED_SIGNATURE);
        for (int i = 0; i < attributes.size(); i++) {
            for (ASN1Encodable value : Attribute.getInstance(attributes.get(i)).getAttrValues()) {
                try {
                    nested.add(new CMSSignedData(ContentInfo.getInstance(value)));
                } catch (CMSException | RuntimeException e) {
                    problems.add("nested signature unreadable: " + reason(e));
                }
            }
        }
        return nested;
    }

    private static java.security.cert.X509Certificate x509(X509CertificateHolder holder) {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("certificate unreadable: " + e.getMessage(), e);
        }
    }

    private static SignerIdentity identity(X509CertificateHolder certificate) {
        return new SignerIdentity(certificate.getSubject().toString(), certificate.getIssuer().toString(),
                hex(certificate.getSerialNumber()));
    }

    private static Signature broken(int index, int level, String problem) {
        return new Signature(index, level, "", "", "", false, Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                List.of(problem));
    }

    /** A serial number as its DER bytes in upper-case hex (leading zero digits kept, as OpenSSL prints it). */
    private static String hex(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return HexFormat.of().withUpperCase().formatHex(bytes, start, bytes.length);
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
