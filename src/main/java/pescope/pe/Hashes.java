package pescope.pe;

import java.util.List;

/**
 * Digests of the whole file, pefile's imphash of the import table, and the Shannon entropy
 * (bits per byte) of each section's raw data in section-table order.
 */
public record Hashes(String md5, String sha1, String sha256, String imphash, List<Double> sectionEntropy) {

    public Hashes {
        sectionEntropy = List.copyOf(sectionEntropy);
    }
}
