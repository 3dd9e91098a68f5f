package pescope.pe;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.Map;
import java.util.TreeMap;

/** The base relocation directory: one block per 4 KB page, each with its typed entries. */
public record BaseRelocations(List<Block> blocks) {

    public BaseRelocations {
        blocks = List.copyOf(blocks);
    }

    /** Entries per type code, counted once: JSON asks for them on every image of a batch. */
    private long[] countsByTypeCode() {
        long[] counts = new long[16];
        for (Block b : blocks) {
            if (b.entries() instanceof Words words) {
                words.countTypes(counts);
                continue;
            }
            for (Entry e : b.entries()) {
                counts[e.type() & 0xF]++;
            }
        }
        return counts;
    }

    /** IMAGE_REL_BASED_* names by type; 5, 7, 8 and 9 depend on the machine (named for ARM/MIPS/RISC-V in winnt.h). */
    private static final List<String> TYPE_NAMES = List.of(
            "ABSOLUTE", "HIGH", "LOW", "HIGHLOW", "HIGHADJ", "MACHINE_SPECIFIC_5", "RESERVED",
            "THUMB_MOV32", "MACHINE_SPECIFIC_8", "MACHINE_SPECIFIC_9", "DIR64");

    /** One page's block: its RVA, SizeOfBlock as stored, and its entries (padding ABSOLUTE entries included). */
    public record Block(long pageRva, long sizeOfBlock, List<Entry> entries) {
        public Block {
            entries = entries instanceof Words ? entries : List.copyOf(entries);
        }
    }

    /**
     * A block's entries as the 16-bit little-endian words the file holds, an {@link Entry} made
     * only when one is asked for: one record per relocation made the relocations of the wine
     * folder a large part of what {@code dump --json} allocated, and JSON only counts them.
     */
    static final class Words extends AbstractList<Entry> implements RandomAccess {
        private final byte[] words;

        /** {@code words}, which no one else holds, as entries. */
        Words(byte[] words) {
            this.words = words;
        }

        private int word(int index) {
            return (words[2 * index] & 0xFF) | (words[2 * index + 1] & 0xFF) << 8;
        }

        @Override
        public Entry get(int index) {
            java.util.Objects.checkIndex(index, size());
            int word = word(index);
            return new Entry(word >>> 12, word & 0xFFF);
        }

        @Override
        public int size() {
            return words.length / 2;
        }

        void countTypes(long[] counts) {
            for (int i = 0; i < size(); i++) {
                counts[word(i) >>> 12]++;
            }
        }

        boolean hasNonAbsolute() {
            for (int i = 0; i < size(); i++) {
                if (word(i) >>> 12 != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One 16-bit entry: the type in the top 4 bits, the offset in the page in the low 12. */
    public record Entry(int type, int offset) {
        public String typeName() {
            return BaseRelocations.typeName(type);
        }
    }

    public static String typeName(int type) {
        return type < TYPE_NAMES.size() ? TYPE_NAMES.get(type) : "TYPE_" + type;
    }

    public long entryCount() {
        long count = 0;
        for (Block b : blocks) {
            count += b.entries().size();
        }
        return count;
    }

    /**
     * Whether the image really carries relocations: at least one entry that changes something
     * (ABSOLUTE entries only pad a block to a multiple of 4 bytes).
     */
    public boolean hasEffectiveRelocations() {
        for (Block b : blocks) {
            if (b.entries() instanceof Words words) {
                if (words.hasNonAbsolute()) {
                    return true;
                }
                continue;
            }
            for (Entry e : b.entries()) {
                if (e.type() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Entries counted by type name, in name order. */
    public Map<String, Long> countByType() {
        long[] byCode = countsByTypeCode();
        Map<String, Long> counts = new TreeMap<>();
        for (int type = 0; type < byCode.length; type++) {
            if (byCode[type] > 0) {
                counts.put(typeName(type), byCode[type]);
            }
        }
        return counts;
    }
}
