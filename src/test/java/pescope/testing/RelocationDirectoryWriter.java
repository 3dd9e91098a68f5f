package pescope.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The base relocation directory: one block per 4 KB page, each entry a 4-bit type and a 12-bit
 * offset in the page. An image with nothing to fix up still gets one block of two ABSOLUTE
 * (padding) entries, so the directory exists and is well formed.
 */
final class RelocationDirectoryWriter {
    private static final int PAGE = 0x1000;
    private static final int BLOCK_HEADER = 8;
    private static final int ABSOLUTE = 0;
    private static final int HIGHLOW = 3;
    private static final int DIR64 = 10;

    private final TreeMap<Long, List<Integer>> entriesByPage = new TreeMap<>();
    private final int size;

    RelocationDirectoryWriter(List<Long> targets, boolean pe32Plus, long pageOfNothing) {
        int type = pe32Plus ? DIR64 : HIGHLOW;
        for (long target : targets) {
            entriesByPage.computeIfAbsent(target & ~(PAGE - 1L), page -> new ArrayList<>())
                    .add(type << 12 | (int) (target & (PAGE - 1)));
        }
        if (entriesByPage.isEmpty()) {
            // Two ABSOLUTE entries with distinct offsets: pefile flags repeated (offset, type) pairs.
            entriesByPage.put(pageOfNothing & ~(PAGE - 1L), new ArrayList<>(List.of(ABSOLUTE << 12, ABSOLUTE << 12 | 2)));
        }
        int total = 0;
        for (List<Integer> entries : entriesByPage.values()) {
            if (entries.size() % 2 == 1) entries.add(ABSOLUTE << 12); // PE spec: blocks start on 32-bit boundaries
            total += BLOCK_HEADER + 2 * entries.size();
        }
        this.size = total;
    }

    int size() {
        return size;
    }

    DataDirectory directory(long rva) {
        return new DataDirectory(rva, size);
    }

    void write(ByteSink out, long offset) {
        out.at(offset);
        entriesByPage.forEach((page, entries) -> {
            out.u4(page).u4(BLOCK_HEADER + 2L * entries.size());
            entries.forEach(out::u2);
        });
    }
}
