package pescope.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.ResourceEntry;
import pescope.pe.ResourceKey;
import pescope.pe.Resources;
import pescope.pe.Section;
import pescope.pe.VersionInfo;
import pescope.testing.PeLayout;
import pescope.testing.PeWriter;
import pescope.testing.ResourceTreeWriter;
import pescope.testing.ResourceTreeWriter.Leaf;

/**
 * Resource trees and version resources written by {@link ResourceTreeWriter} read back as
 * written; the same trees with bytes overwritten at random give a model in bounded time and
 * memory, whatever the damage.
 */
class ResourceProperties {

    private static final PeLayout.Section ROOM = PeLayout.Section.data(0x20000, 0x20000);

    @Property
    void resourceTreesReadBackLeafForLeafInTreeOrder(@ForAll("trees") List<Leaf> leaves) throws Exception {
        ResourceTreeWriter.Written tree = ResourceTreeWriter.write(leaves, roomRva());

        Resources read = resourcesOf(imageWith(tree.bytes()));

        List<String> expected = new ArrayList<>();
        for (ResourceTreeWriter.Placed p : tree.leaves()) {
            expected.add(p.leaf().path() + " cp " + p.leaf().codePage() + " at " + p.rva() + "+" + p.leaf().data().length);
        }
        List<String> actual = new ArrayList<>();
        for (ResourceEntry e : read.entries()) {
            List<Object> keys = e.path().stream()
                    .map(k -> k instanceof ResourceKey.Id id ? (Object) id.id() : (Object) k.toString()).toList();
            actual.add(keys + " cp " + e.codePage() + " at " + e.rva() + "+" + e.size());
        }
        assertEquals(expected, actual);
    }

    @Property
    void versionResourcesReadBackAsWritten(@ForAll("versionTables") Map<String, Map<String, String>> tables,
            @ForAll("versionNumbers") long[] numbers) throws Exception {
        List<int[]> translations = new ArrayList<>();
        List<String> expectedTranslations = new ArrayList<>();
        for (String key : tables.keySet()) {
            int language = Integer.parseInt(key.substring(0, 4), 16);
            int codePage = Integer.parseInt(key.substring(4), 16);
            translations.add(new int[] {language, codePage});
            expectedTranslations.add(key);
        }
        byte[] version = ResourceTreeWriter.versionResource(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4],
                numbers[5], numbers[6], tables, translations);
        ResourceTreeWriter.Written tree = ResourceTreeWriter.write(List.of(new Leaf(List.of(16, 1, 1033), 0, version)),
                roomRva());

        VersionInfo info = resourcesOf(imageWith(tree.bytes())).versionInfo().orElseThrow();

        assertEquals(List.of(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6]),
                List.of(info.fileVersionMs(), info.fileVersionLs(), info.productVersionMs(), info.productVersionLs(),
                        info.fileFlags(), info.fileOS(), info.fileType()));
        assertEquals(tables, info.strings());
        assertEquals(expectedTranslations, info.translations());
    }

    @Property
    void damagedResourceTreesGiveAModelInBoundedTimeAndMemory(@ForAll("trees") List<Leaf> leaves,
            @ForAll("damage") List<int[]> damage) throws Exception {
        ResourceTreeWriter.Written tree = ResourceTreeWriter.write(leaves, roomRva());
        byte[] directory = tree.bytes().clone();
        for (int[] d : damage) {
            directory[Math.floorMod(d[0], directory.length)] = (byte) d[1];
        }
        byte[] image = imageWith(directory);

        var parse = BoundedRun.run("parsing", MutationRobustnessProperties.TIME_LIMIT,
                () -> PeReader.everything().read("damaged", ByteBuffer.wrap(image)));

        if (parse.thrown() != null && !(parse.thrown() instanceof NotAPeFileException)) {
            fail("parsing threw " + parse.thrown(), parse.thrown());
        }
        long budget = MutationRobustnessProperties.ALLOCATION_PER_FILE_BYTE * image.length
                + MutationRobustnessProperties.ALLOCATION_ALLOWANCE;
        assertTrue(parse.allocatedBytes() <= budget, "allocated " + parse.allocatedBytes() + " bytes, bound " + budget);
    }

    // ---- generators

    @Provide
    Arbitrary<List<Leaf>> trees() {
        Arbitrary<Object> type = Arbitraries.oneOf(Arbitraries.integers().between(1, 30).map(i -> (Object) i),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12).map(s -> (Object) s));
        Arbitrary<Object> name = Arbitraries.oneOf(Arbitraries.integers().between(0, 0xFFFF).map(i -> (Object) i),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20).map(s -> (Object) s));
        Arbitrary<Object> language = Arbitraries.integers().between(0, 0xFFFF).map(i -> (Object) i);
        Arbitrary<Leaf> leaf = Combinators.combine(type, name, language,
                Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((t, n, l, cp, data) -> new Leaf(List.of(t, n, l), cp, data));
        return leaf.list().ofMaxSize(40).map(ResourceProperties::distinctPaths).fixGenSize(1000);
    }

    @Provide
    Arbitrary<Map<String, Map<String, String>>> versionTables() {
        Arbitrary<String> tableKey = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF)).as((l, c) -> String.format("%04X%04X", l, c));
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '€', '中').ofMaxLength(40);
        Arbitrary<String> key = Arbitraries.strings().withCharRange('A', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Map<String, String>> strings = Arbitraries.maps(key, text).ofMaxSize(8).map(LinkedHashMap::new);
        return Arbitraries.maps(tableKey, strings).ofMaxSize(3)
                .map(m -> (Map<String, Map<String, String>>) new LinkedHashMap<>(m)).fixGenSize(1000);
    }

    @Provide
    Arbitrary<long[]> versionNumbers() {
        return Arbitraries.longs().between(0, 0xFFFFFFFFL).array(long[].class).ofSize(7);
    }

    @Provide
    Arbitrary<List<int[]>> damage() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
                .as((at, value) -> new int[] {at, value}).list().ofMinSize(1).ofMaxSize(8);
    }

    private static List<Leaf> distinctPaths(List<Leaf> leaves) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<Leaf> distinct = new ArrayList<>();
        for (Leaf leaf : leaves) {
            if (seen.add(leaf.path())) {
                distinct.add(leaf);
            }
        }
        return distinct;
    }

    // ---- images

    private static Resources resourcesOf(byte[] image) throws NotAPeFileException {
        return PeReader.everything().read("written", ByteBuffer.wrap(image)).directory(Resources.class).orElseThrow();
    }

    private static long roomRva() throws NotAPeFileException {
        return lastSection(PeWriter.write(PeLayout.exe32().withSections(ROOM))).virtualAddress();
    }

    /** A written image with {@code directory} in its last section and the Resource directory pointing at it. */
    private static byte[] imageWith(byte[] directory) throws NotAPeFileException {
        byte[] bytes = PeWriter.write(PeLayout.exe32().withSections(ROOM));
        PeImage intact = PeReader.headersOnly().read("written", ByteBuffer.wrap(bytes));
        Section room = lastSection(bytes);
        System.arraycopy(directory, 0, bytes, (int) room.pointerToRawData(), directory.length);
        int entry = (int) (intact.peHeaderOffset() + 24 + 96 + 8 * 2);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(entry, (int) room.virtualAddress())
                .putInt(entry + 4, directory.length);
        return bytes;
    }

    private static Section lastSection(byte[] bytes) throws NotAPeFileException {
        List<Section> sections = PeReader.headersOnly().read("written", ByteBuffer.wrap(bytes)).sections();
        return sections.get(sections.size() - 1);
    }
}
