package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;
import pescope.testing.ResourceTreeWriter;
import pescope.testing.ResourceTreeWriter.Leaf;

/** The resource reader on trees the test writer builds, then on trees damaged by hand. */
class ResourceReaderTest {

    /** Room for the largest tree here: 0x8000 leaves of 24 bytes each, or a manifest past its cap. */
    private static final PeLayout.Section ROOM = PeLayout.Section.data(0x180000, 0x180000);

    @Test
    void readsEveryLeafWithItsTypeNameLanguageCodePageAndPlace() throws Exception {
        ResourceTreeWriter.Written tree = tree(List.of(
                new Leaf(List.of(3, 1, 1033), 0, new byte[40]),
                new Leaf(List.of("WINE_REGISTRY", "DLLS/X.RES", 0), 1252, new byte[] {1, 2, 3}),
                new Leaf(List.of(3, 2, 1033), 0, new byte[8])));

        FileFacts facts = withResources(tree);

        List<ResourceEntry> entries = facts.resources().entries();
        assertEquals(List.of("WINE_REGISTRY", "ICON", "ICON"), entries.stream().map(e -> e.type().asType()).toList());
        assertEquals(new ResourceKey.Name("DLLS/X.RES"), entries.get(0).name());
        assertEquals(new ResourceKey.Id(0), entries.get(0).language());
        assertEquals(1252, entries.get(0).codePage());
        assertEquals(3, entries.get(0).size());
        assertEquals(tree.leaves().get(0).rva(), entries.get(0).rva());
        assertEquals(new ResourceKey.Id(2), entries.get(2).name());
        assertEquals(List.of(), facts.anomalies());
    }

    @Test
    void decodesVersionInfoWithEveryTableAndTranslation() throws Exception {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        tables.put("040904B0", new LinkedHashMap<>(Map.of("CompanyName", "Example Ltd")));
        tables.put("040704B0", new LinkedHashMap<>(Map.of("CompanyName", "Beispiel GmbH")));
        byte[] version = ResourceTreeWriter.versionResource(0x00010002, 0x00030004, 0x00050006, 0x00070008, 0x2, 0x40004,
                0x2, tables, List.of(new int[] {0x409, 0x4B0}, new int[] {0x407, 0x4B0}));

        VersionInfo info = withResources(tree(List.of(new Leaf(List.of(16, 1, 1033), 0, version))))
                .resources().versionInfo().orElseThrow();

        assertEquals("1.2.3.4", info.fileVersion());
        assertEquals("5.6.7.8", info.productVersion());
        assertEquals(0x2, info.fileFlags());
        assertEquals(0x40004, info.fileOS());
        assertEquals(0x2, info.fileType());
        assertEquals(tables, info.strings());
        assertEquals(List.of("040904B0", "040704B0"), info.translations());
    }

    @Test
    void decodesManifestsAsUtf8OrAsUtf16AfterAByteOrderMark() throws Exception {
        String xml = "<assembly manifestVersion=\"1.0\">é</assembly>";
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, xml.getBytes(StandardCharsets.UTF_16LE));
        byte[] utf8Bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, xml.getBytes(StandardCharsets.UTF_8));
        byte[] padded = concat(xml.getBytes(StandardCharsets.UTF_8), new byte[3]);

        Resources resources = withResources(tree(List.of(
                new Leaf(List.of(24, 1, 1033), 0, utf16),
                new Leaf(List.of(24, 2, 1033), 0, utf8Bom),
                new Leaf(List.of(24, 3, 1033), 0, padded)))).resources();

        assertEquals(List.of(xml, xml, xml), resources.manifests().stream().map(Manifest::text).toList());
        assertEquals(xml, resources.manifest().orElseThrow());
    }

    @Test
    void sideBySideManifestIsIdTwoForADllAndIdOneForAnExe() throws Exception {
        Resources resources = withResources(tree(List.of(
                new Leaf(List.of(24, 1, 1033), 0, "<exe/>".getBytes(StandardCharsets.UTF_8)),
                new Leaf(List.of(24, 2, 1033), 0, "<dll/>".getBytes(StandardCharsets.UTF_8))))).resources();

        assertEquals("<dll/>", resources.sideBySideManifest(true).orElseThrow());
        assertEquals("<exe/>", resources.sideBySideManifest(false).orElseThrow());
    }

    @Test
    void aManifestPastTheCapIsCutThere() throws Exception {
        byte[] big = new byte[ResourceReader.MAX_MANIFEST_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');

        FileFacts facts = withResources(tree(List.of(new Leaf(List.of(24, 1, 0), 0, big))));

        assertEquals(ResourceReader.MAX_MANIFEST_BYTES, facts.resources().manifest().orElseThrow().length());
        assertEquals(List.of(Kind.MANIFEST_TOO_LARGE), kinds(facts));
    }

    @Test
    void manifestsListingTheSameBytesOverAndOverAreDecodedOnlyUntilTheyExceedTheFile() throws Exception {
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            leaves.add(new Leaf(List.of(24, i, 0), 0, new byte[] {'<', 'a', '/', '>'}));
        }
        ResourceTreeWriter.Written tree = tree(leaves);
        byte[] bytes = tree.bytes().clone();
        ByteBuffer view = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // Every data entry now names the first leaf's bytes and runs on to the end of the file,
        // as a crafted tree would: read naively, the 40 leaves decode the file 40 times.
        long firstRva = tree.leaves().get(0).rva();
        for (ResourceTreeWriter.Placed leaf : tree.leaves()) {
            int entry = dataEntryOf(bytes, leaf.rva());
            view.putInt(entry, (int) firstRva).putInt(entry + 4, 0x00F00000);
        }

        FileFacts facts = withResources(bytes);

        assertEquals(1, facts.resources().manifests().size());
        assertEquals(40, facts.resources().entries().size());
        assertEquals(List.of(Kind.MANIFEST_TOO_LARGE, Kind.DATA_EXCEEDS_FILE), kinds(facts));
    }

    /** The offset of the data entry (RVA, size, code page, 0) that points at {@code rva}. */
    private static int dataEntryOf(byte[] tree, long rva) {
        ByteBuffer view = ByteBuffer.wrap(tree).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 16 <= tree.length; at += 4) {
            if ((view.getInt(at) & 0xFFFFFFFFL) == rva && view.getInt(at + 12) == 0) {
                return at;
            }
        }
        throw new AssertionError("no data entry for RVA 0x" + Long.toHexString(rva));
    }

    @Test
    void namesThatAllPointAtOneLongNameStopTheWalkAtTheNameBudget() throws Exception {
        // 32,760 entries (7 tables of 4,096 and one of 4,088, all the tree may hold with the root's
        // 8) whose names all point at one name of 65,535 units: read naively, a 1.5 MB file gives
        // 2 billion characters of names.
        int last = ResourceReader.MAX_TOTAL_ENTRIES - 8 - 7 * ResourceReader.MAX_ENTRIES_PER_TABLE;
        ResourceTreeWriter.Written tree = tree(manyTypes(last));
        byte[] bytes = java.util.Arrays.copyOf(tree.bytes(), tree.bytes().length + 2 + 2 * 0xFFFF);
        ByteBuffer view = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int name = tree.bytes().length;
        view.putShort(name, (short) 0xFFFF);
        for (int i = name + 2; i < bytes.length; i += 2) {
            view.putShort(i, (short) 'n');
        }
        int table = 16 + 8 * 8;
        for (int type = 0; type < 8; type++, table += 16 + 8 * ResourceReader.MAX_ENTRIES_PER_TABLE) {
            for (int i = 0; i < (type < 7 ? ResourceReader.MAX_ENTRIES_PER_TABLE : last); i++) {
                view.putInt(table + 16 + 8 * i, 0x80000000 | name);
            }
        }

        FileFacts facts = withResources(bytes);

        List<ResourceEntry> entries = facts.resources().entries();
        // The budget is 4 characters per byte of file plus 1 MB; each name costs 65,536.
        long budget = NameBudget.CHARACTERS_PER_FILE_BYTE * facts.image().fileSize() + NameBudget.ALLOWANCE;
        assertEquals((budget + 0xFFFF) / 0x10000, entries.size());
        assertEquals(0xFFFF, ((ResourceKey.Name) entries.get(0).name()).name().length());
        assertEquals(List.of(Kind.RESOURCE_TOO_MANY_ENTRIES), kinds(facts));
    }

    @Test
    void aTableThatPointsBackAtAnAncestorIsSkippedAndTheRestRead() throws Exception {
        ResourceTreeWriter.Written tree = tree(List.of(
                new Leaf(List.of(3, 1, 1033), 0, new byte[4]),
                new Leaf(List.of(4, 1, 1033), 0, new byte[4])));
        byte[] bytes = tree.bytes().clone();
        // The root's first entry (type 3) now points at the root itself.
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16 + 4, 0x80000000);

        FileFacts facts = withResources(bytes);

        assertEquals(List.of("MENU"), facts.resources().entries().stream().map(e -> e.type().asType()).toList());
        assertEquals(List.of(Kind.RESOURCE_LOOP), kinds(facts));
    }

    @Test
    void aTableWithMaxEntriesIsReadAndOneMoreIsNot() throws Exception {
        assertEquals(ResourceReader.MAX_ENTRIES_PER_TABLE,
                withResources(tree(names(ResourceReader.MAX_ENTRIES_PER_TABLE))).resources().entries().size());

        FileFacts past = withResources(tree(names(ResourceReader.MAX_ENTRIES_PER_TABLE + 1)));

        assertEquals(0, past.resources().entries().size());
        assertEquals(List.of(Kind.RESOURCE_TOO_MANY_ENTRIES), kinds(past));
    }

    @Test
    void entriesPastTheTotalCapAreNotRead() throws Exception {
        // Root: 8 types; 7 type tables of 4096 leaves; the last one brings the total to the cap, or one past it.
        int lastAtCap = ResourceReader.MAX_TOTAL_ENTRIES - 8 - 7 * ResourceReader.MAX_ENTRIES_PER_TABLE;
        assertEquals(ResourceReader.MAX_TOTAL_ENTRIES - 8,
                withResources(tree(manyTypes(lastAtCap))).resources().entries().size());

        FileFacts past = withResources(tree(manyTypes(lastAtCap + 1)));

        assertEquals(7 * ResourceReader.MAX_ENTRIES_PER_TABLE, past.resources().entries().size());
        assertEquals(List.of(Kind.RESOURCE_TOO_MANY_ENTRIES), kinds(past));
    }

    @Test
    void aTreeDeeperThanMaxDepthStopsThere() throws Exception {
        int deepestLeaf = ResourceReader.MAX_DEPTH + 1;
        assertEquals(1, withResources(tree(List.of(new Leaf(chain(deepestLeaf), 0, new byte[4])))).resources().entries().size());

        FileFacts past = withResources(tree(List.of(new Leaf(chain(deepestLeaf + 1), 0, new byte[4]))));

        assertEquals(0, past.resources().entries().size());
        assertEquals(List.of(Kind.RESOURCE_TOO_DEEP), kinds(past));
    }

    @Test
    void aRootOutsideTheFileIsOneAnomaly() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(ROOM));
        image.setDirectory(2, 0x7FFF0000L, 0x100);

        FileFacts facts = FileFacts.read("patched", ByteBuffer.wrap(image.bytes));

        assertEquals(List.of(), facts.resources().entries());
        assertEquals(List.of(Kind.RESOURCE_DIRECTORY_DAMAGED), kinds(facts));
    }

    // ---- helpers

    private static List<Leaf> names(int count) {
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(new Leaf(List.of(10, i), 0, new byte[0]));
        }
        return leaves;
    }

    private static List<Leaf> manyTypes(int lastTableSize) {
        List<Leaf> leaves = new ArrayList<>();
        for (int type = 1; type <= 8; type++) {
            int size = type < 8 ? ResourceReader.MAX_ENTRIES_PER_TABLE : lastTableSize;
            for (int i = 0; i < size; i++) {
                leaves.add(new Leaf(List.of(type, i), 0, new byte[0]));
            }
        }
        return leaves;
    }

    private static List<Object> chain(int length) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            keys.add(i + 1);
        }
        return keys;
    }

    private ResourceTreeWriter.Written tree(List<Leaf> leaves) throws Exception {
        return ResourceTreeWriter.write(leaves, roomRva());
    }

    private static long roomRva() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(ROOM));
        return image.section(image.intact.sections().size()).virtualAddress();
    }

    private static FileFacts withResources(ResourceTreeWriter.Written tree) throws Exception {
        return withResources(tree.bytes());
    }

    static FileFacts withResources(byte[] directory) throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(ROOM));
        Section room = image.section(image.intact.sections().size());
        image.put(room.pointerToRawData(), directory).setDirectory(2, room.virtualAddress(), directory.length);
        return FileFacts.read("patched", ByteBuffer.wrap(image.bytes));
    }

    private static List<Kind> kinds(FileFacts facts) {
        // Only what these readers report: the hand-patched images also upset the header checks.
        return facts.anomalies().stream()
                .filter(a -> java.util.Set.of("resources", "certificates", "rich-header").contains(a.location().structure()))
                .map(Anomaly::kind).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void assertNoAnomalies(FileFacts facts) {
        assertTrue(facts.anomalies().isEmpty(), facts.anomalies().toString());
    }
}
