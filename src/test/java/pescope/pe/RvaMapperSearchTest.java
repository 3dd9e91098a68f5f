package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mapper finds an RVA's section by binary search over disjoint segments; it must give what
 * the plain rule gives, "the first section in table order whose mapped range holds the RVA",
 * also for overlapping, unsorted and empty sections.
 */
class RvaMapperSearchTest {

    @Test
    void binarySearchAgreesWithTheFirstCoveringSectionInTableOrder() {
        Random random = new Random(20261128);
        for (int round = 0; round < 300; round++) {
            List<Section> sections = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                long va = 0x1000L * random.nextInt(64);
                long size = random.nextInt(4) == 0 ? 0 : random.nextInt(0x6000);
                sections.add(section(i + 1, va, size, 0x400 + 0x200L * random.nextInt(64), random.nextInt(0x4000)));
            }
            long fileSize = 0x10000;
            RvaMapper mapper = new RvaMapper(sections, 0x1000, 0x200, 0x400, fileSize);
            for (int probe = 0; probe < 400; probe++) {
                long rva = random.nextInt(0x48000);
                assertEquals(linearSectionAt(mapper, sections, rva), mapper.sectionAt(rva), "round " + round + " rva 0x" + Long.toHexString(rva));
            }
        }
    }

    @Test
    void sectionsInAscendingOrderThatDoNotOverlapGiveWhatTheRuleGives() {
        Random random = new Random(20261206);
        for (int round = 0; round < 300; round++) {
            List<Section> sections = new ArrayList<>();
            long va = 0x1000;
            int count = 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                long size = random.nextInt(4) == 0 ? 0 : random.nextInt(0x3000);
                sections.add(section(i + 1, va, size, 0x400 + 0x200L * random.nextInt(64), random.nextInt(0x3000)));
                va += 0x1000L * (random.nextInt(3) + (size + 0xFFF) / 0x1000);
            }
            RvaMapper mapper = new RvaMapper(sections, 0x1000, 0x200, 0x400, 0x10000);
            for (int probe = 0; probe < 400; probe++) {
                long rva = random.nextInt((int) va + 0x2000);
                assertEquals(linearSectionAt(mapper, sections, rva), mapper.sectionAt(rva), "round " + round + " rva 0x" + Long.toHexString(rva));
            }
        }
    }

    @Test
    void aLinearRunHoldsBytesThatEachMapToTheNextFileOffset() {
        Random random = new Random(20261205);
        for (int round = 0; round < 300; round++) {
            List<Section> sections = new ArrayList<>();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                long va = 0x1000L * random.nextInt(64);
                long size = random.nextInt(4) == 0 ? 0 : random.nextInt(0x6000);
                sections.add(section(i + 1, va, size, 0x400 + 0x200L * random.nextInt(64), random.nextInt(0x4000)));
            }
            long sectionAlignment = random.nextBoolean() ? 0x1000 : 0x200;
            RvaMapper mapper = new RvaMapper(sections, sectionAlignment, 0x200, 0x400 + 0x200L * random.nextInt(8), 0x10000);
            for (int probe = 0; probe < 200; probe++) {
                long rva = random.nextInt(0x48000);
                long offset = mapper.mapRvaToOffset(rva);
                long run = mapper.linearRunAt(rva);
                String where = "round " + round + " rva 0x" + Long.toHexString(rva);
                if (offset == RvaMapper.NOT_IN_FILE) {
                    assertEquals(0, run, where);
                    continue;
                }
                assertTrue(run >= 1 && offset + run <= 0x10000, where);
                for (int k = 0; k < 64; k++) {
                    long step = k == 0 ? run - 1 : (long) (random.nextDouble() * run);
                    assertEquals(offset + step, mapper.mapRvaToOffset(rva + step), where + " + 0x" + Long.toHexString(step));
                }
            }
        }
    }

    /** The rule as it reads: the mapped range of each section, in table order. */
    private static Section linearSectionAt(RvaMapper mapper, List<Section> sections, long rva) {
        for (int i = 0; i < sections.size(); i++) {
            long start = mapper.alignedSectionStart(sections.get(i).virtualAddress());
            if (rva >= start && rva < start + mappedSize(mapper, sections, i, start, 0x10000)) {
                return sections.get(i);
            }
        }
        return null;
    }

    private static long mappedSize(RvaMapper mapper, List<Section> sections, int index, long start, long fileSize) {
        Section section = sections.get(index);
        long rawStart = mapper.alignedRawPointer(section.pointerToRawData());
        long size = fileSize - rawStart < section.sizeOfRawData()
                ? section.virtualSize()
                : Math.max(section.sizeOfRawData(), section.virtualSize());
        if (index + 1 < sections.size()) {
            long next = sections.get(index + 1).virtualAddress();
            if (next > section.virtualAddress() && start + size > next) {
                size = next - start;
            }
        }
        return size;
    }

    private static Section section(int number, long va, long virtualSize, long pointer, long rawSize) {
        return new Section(number, ".s" + number, ".s" + number, virtualSize, va, rawSize, pointer, 0, 0, 0, 0, 0x40000040L);
    }
}
