package pescope.pe;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What is worked out from the file as a whole rather than from one directory: where the image
 * ends and an overlay begins (cheap), and the checksum, digests and entropies, which read every
 * byte and are computed only when asked for.
 */
final class WholeFile {

    /** The CheckSum field's place in the optional header, the same in PE32 and PE32+. */
    static final int CHECKSUM_FIELD = 0x40;

    private final ImageBytes bytes;

    WholeFile(ImageBytes bytes) {
        this.bytes = bytes;
    }

    /**
     * pefile's end of the image (get_overlay_data_start_offset): the furthest end, within the
     * file, of the optional header, of any section's raw data and of any data directory but the
     * certificate table. A certificate table that starts there (at most 8-byte padding away) is
     * part of the image's signature, not overlay, so the overlay starts past it.
     */
    Optional<Overlay> overlay(long optionalHeaderOffset, int sizeOfOptionalHeader, List<Section> sections,
            List<DataDirectory> directories, RvaMapper mapper) {
        long fileSize = bytes.size();
        long end = endWithin(0, optionalHeaderOffset, sizeOfOptionalHeader, fileSize);
        for (Section s : sections) {
            end = endWithin(end, s.pointerToRawData(), s.sizeOfRawData(), fileSize);
        }
        DataDirectory certificates = null;
        for (DataDirectory d : directories) {
            if (d.index() == DataDirectory.CERTIFICATES) {
                certificates = d;
                continue;
            }
            long offset = mapper.mapRvaToOffset(d.rva());
            if (offset != RvaMapper.NOT_IN_FILE) {
                end = endWithin(end, offset, d.size(), fileSize);
            }
        }
        if (certificates != null && certificates.isPresent() && certificates.rva() <= ((end + 7) & ~7L)
                && certificates.rva() + certificates.size() > end) {
            end = Math.min(fileSize, certificates.rva() + certificates.size());
        }
        return end < fileSize ? Optional.of(new Overlay(end, fileSize - end)) : Optional.empty();
    }

    private static long endWithin(long furthest, long offset, long size, long fileSize) {
        long end = offset + size;
        return end <= fileSize && end > furthest ? end : furthest;
    }

    /**
     * The PE checksum (imagehlp's CheckSumMappedFile): the file as 16-bit little-endian words,
     * the CheckSum field counted as zero and an odd last byte padded with zero, summed with the
     * carries folded back in, plus the file's length.
     */
    Checksum checksum(long optionalHeaderOffset, long stored) {
        long field = optionalHeaderOffset + CHECKSUM_FIELD;
        int size = (int) bytes.size();
        ByteBuffer all = bytes.view(0, size);
        long sum = 0;
        int i = 0;
        for (; i + 1 < size; i += 2) {
            int word = all.getShort(i) & 0xFFFF;
            if (i + 1 >= field && i < field + 4) {
                word = maskField(word, i, field);
            }
            sum += word;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        if (i < size && !(i >= field && i < field + 4)) {
            sum += all.get(i) & 0xFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return new Checksum(stored, (sum + size) & 0xFFFFFFFFL);
    }

    /** A word that overlaps the CheckSum field, with the field's bytes taken as zero. */
    private static int maskField(int word, int at, long field) {
        int low = at >= field && at < field + 4 ? 0 : word & 0xFF;
        int high = at + 1 >= field && at + 1 < field + 4 ? 0 : word & 0xFF00;
        return low | high;
    }

    Hashes hashes(List<ImportedModule> imports, List<Section> sections, RvaMapper mapper) {
        ByteBuffer all = bytes.view(0, (int) bytes.size());
        List<Double> entropy = new ArrayList<>(sections.size());
        for (Section s : sections) {
            entropy.add(sectionEntropy(s, mapper));
        }
        return new Hashes(digest("MD5", all), digest("SHA-1", all), digest("SHA-256", all), Imphash.of(imports), entropy);
    }

    /**
     * pefile's section entropy: over the raw data from the loader's rounded-down pointer, for
     * SizeOfRawData bytes, cut at the end of the file.
     */
    private double sectionEntropy(Section s, RvaMapper mapper) {
        long start = mapper.alignedRawPointer(s.pointerToRawData());
        long end = Math.min(Math.min(start + s.sizeOfRawData(), s.pointerToRawData() + s.sizeOfRawData()), bytes.size());
        if (start >= end) {
            return 0.0;
        }
        return entropy(bytes.view(start, (int) (end - start)));
    }

    /** Shannon entropy in bits per byte. */
    static double entropy(ByteBuffer data) {
        long[] counts = new long[256];
        int length = data.remaining();
        for (int i = data.position(); i < data.limit(); i++) {
            counts[data.get(i) & 0xFF]++;
        }
        double entropy = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy;
    }

    private static String digest(String algorithm, ByteBuffer data) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(data.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }
}
