package pescope.pe;

import java.util.List;
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
            entries = List.copyOf(entries);
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
