package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import pescope.format.WinCertificate;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the certificate table's WIN_CERTIFICATE headers. The security data directory holds a
 * FILE OFFSET, not an RVA: the table is appended to the file and never mapped.
 */
final class CertificateReader {

    /** Entries read from one table; signed files carry one, dual-signed ones nest the second inside it. */
    static final int MAX_CERTIFICATES = 64;
    private static final int HEADER_SIZE = 8;

    private final ImageBytes bytes;
    private final Anomalies anomalies;

    CertificateReader(ImageBytes bytes, Anomalies anomalies) {
        this.bytes = bytes;
        this.anomalies = anomalies;
    }

    List<Certificate> read(DataDirectory directory) {
        if (!directory.isPresent()) {
            return List.of();
        }
        long start = directory.rva();
        long end = start + directory.size();
        if (end > bytes.size()) {
            anomalies.add(Kind.CERTIFICATE_TABLE_DAMAGED,
                    "certificate table at file offset 0x%X+0x%X runs past the end of the file (0x%X)",
                    start, directory.size(), bytes.size());
            end = bytes.size();
        }
        List<Certificate> certificates = new ArrayList<>();
        for (long at = start; at + HEADER_SIZE <= end; at = alignTo8(at + certificates.get(certificates.size() - 1).length())) {
            if (certificates.size() == MAX_CERTIFICATES) {
                anomalies.add(Kind.CERTIFICATE_TABLE_TOO_LONG,
                        "certificate table at file offset 0x%X: stopped after %d entries", start, MAX_CERTIFICATES);
                break;
            }
            WinCertificate header = parse(at);
            if (header.length() < HEADER_SIZE || at + header.length() > end) {
                anomalies.add(Kind.CERTIFICATE_TABLE_DAMAGED,
                        "certificate at file offset 0x%X: length 0x%X does not fit in the table (ends at 0x%X)",
                        at, header.length(), end);
                break;
            }
            certificates.add(new Certificate(at, header.length(), header.revision(), header.certificateType()));
        }
        return certificates;
    }

    private WinCertificate parse(long offset) {
        try {
            return bytes.parseAt(offset, HEADER_SIZE, WinCertificate::new);
        } catch (ImageBytes.TruncatedException e) {
            throw new IllegalStateException("bounds checked before parsing", e);
        }
    }

    private static long alignTo8(long offset) {
        return (offset + 7) & ~7L;
    }
}
