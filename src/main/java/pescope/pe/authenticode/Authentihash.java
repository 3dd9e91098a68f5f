package pescope.pe.authenticode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The image hash an Authenticode signature covers: the whole file up to the certificate table,
 * leaving out the CheckSum field and the Certificates data-directory entry (both change when a
 * file is signed). This is the form signtool and osslsigncode compute; the specification's
 * section-by-section form gives the same bytes for every image whose sections are laid out in
 * file order with nothing hidden between them, and the file-order form is the one that also
 * covers bytes between sections.
 *
 * @param checksumOffset file offset of the optional header's CheckSum (4 bytes)
 * @param certificateEntryOffset file offset of data directory 4 (8 bytes)
 * @param end where hashing stops: the certificate table's offset, or the file size when unsigned
 */
record Authentihash(long checksumOffset, long certificateEntryOffset, long end) {

    /** The digest, upper-case hex; an unsigned file is padded with zeros to 8 bytes as signing would. */
    String compute(ByteBuffer file, String algorithm, boolean padToEight) {
        MessageDigest digest = messageDigest(algorithm);
        ByteBuffer bytes = file.duplicate();
        update(digest, bytes, 0, checksumOffset);
        update(digest, bytes, checksumOffset + 4, certificateEntryOffset);
        update(digest, bytes, certificateEntryOffset + 8, end);
        if (padToEight && end % 8 != 0) {
            digest.update(new byte[(int) (8 - end % 8)]);
        }
        return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, ByteBuffer bytes, long from, long to) {
        if (to <= from) {
            return;
        }
        digest.update(bytes.slice((int) from, (int) (to - from)));
    }

    /** JCA names for the digest names Authenticode uses ("SHA256" becomes "SHA-256"). */
    static MessageDigest messageDigest(String algorithm) {
        String jca = switch (algorithm) {
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            default -> algorithm;
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("no digest " + algorithm, e);
        }
    }
}
