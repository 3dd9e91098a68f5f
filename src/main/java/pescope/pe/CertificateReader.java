package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.WinCertificate;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the certificate table's WIN_CERTIFICATE headers. The security data directory holds a
 * FILE OFFSET, not an RVA: the table is appended to the file and never mapped.
 */
final class CertificateReader implements DirectoryReader<Certificates> {

    /** Entries read from one table; signed files carry one, dual-signed ones nest the second inside it. */
    static final int MAX_CERTIFICATES = 64;
    private static final int HEADER_SIZE = 8;

    @Override
    public Class<Certificates> type() {
        return Certificates.class;
    }

    @Override
    public Optional<Certificates> read(ParseContext context, DataDirectory directory) {
        // The entry's "RVA" is a file offset here.
        long start = directory.rva();
        long end = start + directory.size();
        if (end > context.fileSize()) {
            context.anomalyAt(Kind.CERTIFICATE_TABLE_DAMAGED, start, directory.size(),
                    "certificate table at file offset 0x%X+0x%X runs past the end of the file (0x%X)",
                    start, directory.size(), context.fileSize());
            end = context.fileSize();
        }
        List<Certificate> certificates = new ArrayList<>();
        for (long at = start; at + HEADER_SIZE <= end; at = alignTo8(at + certificates.get(certificates.size() - 1).length())) {
            if (certificates.size() == MAX_CERTIFICATES) {
                context.anomaly(Kind.CERTIFICATE_TABLE_TOO_LONG,
                        "certificate table at file offset 0x%X: stopped after %d entries", start, MAX_CERTIFICATES);
                break;
            }
            WinCertificate header = context.parseAtOffset(at, HEADER_SIZE, WinCertificate::new);
            if (header.length() < HEADER_SIZE || at + header.length() > end) {
                context.anomaly(Kind.CERTIFICATE_TABLE_DAMAGED,
                        "certificate at file offset 0x%X: length 0x%X does not fit in the table (ends at 0x%X)",
                        at, header.length(), end);
                break;
            }
            certificates.add(new Certificate(at, header.length(), header.revision(), header.certificateType()));
        }
        return Optional.of(new Certificates(certificates));
    }

    private static long alignTo8(long offset) {
        return (offset + 7) & ~7L;
    }
}
