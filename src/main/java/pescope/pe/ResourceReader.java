package pescope.pe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.ResourceDataEntry;
import pescope.format.ResourceDirectory;
import pescope.format.ResourceDirectoryEntries;
import pescope.format.ResourceDirectoryEntry;
import pescope.format.Utf16Counted;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the resource tree: every leaf with the keys on its path, then the first version
 * resource and every manifest. The tree's internal offsets count from the start of the
 * resource directory; only the leaves' data RVAs are real RVAs.
 */
final class ResourceReader implements DirectoryReader<Resources> {

    /** pefile's MAX_RESOURCE_DEPTH: deeper tables are taken as a trap. */
    static final int MAX_DEPTH = 32;
    /** pefile's MAX_ALLOWED_ENTRIES: a table declaring more entries is not read. */
    static final int MAX_ENTRIES_PER_TABLE = 4096;
    /**
     * pefile's MAX_RESOURCE_ENTRIES: entries read from all tables together. It also bounds the
     * work on a tree whose tables share children, which would otherwise grow exponentially.
     */
    static final int MAX_TOTAL_ENTRIES = 0x8000;
    /** Largest manifest decoded; Windows refuses manifests far smaller than this. */
    static final int MAX_MANIFEST_BYTES = 0x100000;

    private static final int DIRECTORY_SIZE = 16;
    private static final int ENTRY_SIZE = 8;
    private static final int DATA_ENTRY_SIZE = 16;

    @Override
    public Class<Resources> type() {
        return Resources.class;
    }

    @Override
    public Optional<Resources> read(ParseContext context, DataDirectory directory) {
        return Optional.of(new Walk(context, directory.rva()).read());
    }

    /** One walk of one tree: the tree's base RVA and how many entries it has cost so far. */
    private static final class Walk {
        private final ParseContext context;
        private final long root;
        private int entriesRead;
        private boolean totalCapReported;
        private boolean nameCapReported;

        Walk(ParseContext context, long root) {
            this.context = context;
            this.root = root;
        }

        Resources read() {
            List<ResourceEntry> leaves = new ArrayList<>();
            readTable(root, new ArrayList<>(), new ArrayList<>(), leaves);
            Optional<VersionInfo> version = leaves.stream()
                    .filter(e -> e.type().isId(ResourceKey.VERSION))
                    .findFirst()
                    .flatMap(e -> dataOf(e, "version resource").flatMap(
                            data -> new VersionInfoReader(data, context).read()));
            List<Manifest> manifests = new ArrayList<>();
            for (ResourceEntry e : leaves) {
                if (e.type().isId(ResourceKey.MANIFEST)) {
                    manifestOf(e).ifPresent(manifests::add);
                }
            }
            return new Resources(leaves, version, manifests);
        }

        /**
         * Reads one table and, depth first, the tables below it. {@code path} holds the keys above
         * this table, {@code tables} the offsets of the tables above it (a child among them is a
         * loop).
         */
        private void readTable(long rva, List<ResourceKey> path, List<Long> tables, List<ResourceEntry> leaves) {
            if (path.size() > MAX_DEPTH) {
                context.anomaly(Kind.RESOURCE_TOO_DEEP, "resource tree deeper than %d levels at RVA 0x%X; not read further",
                        MAX_DEPTH, rva);
                return;
            }
            ResourceDirectory table = context.parseAtRva(rva, DIRECTORY_SIZE, ResourceDirectory::new);
            if (table == null) {
                context.anomaly(Kind.RESOURCE_DIRECTORY_DAMAGED, "resource table at RVA 0x%X is not in the file", rva);
                return;
            }
            int count = table.numberOfNamedEntries() + table.numberOfIdEntries();
            if (count > MAX_ENTRIES_PER_TABLE) {
                context.anomaly(Kind.RESOURCE_TOO_MANY_ENTRIES,
                        "resource table at RVA 0x%X declares %d entries, more than %d; not read", rva, count,
                        MAX_ENTRIES_PER_TABLE);
                return;
            }
            if (entriesRead + count > MAX_TOTAL_ENTRIES) {
                if (!totalCapReported) {
                    totalCapReported = true;
                    context.anomaly(Kind.RESOURCE_TOO_MANY_ENTRIES,
                            "resource tree has more than %d entries; tables from RVA 0x%X on not read", MAX_TOTAL_ENTRIES, rva);
                }
                return;
            }
            entriesRead += count;
            List<Long> withThis = new ArrayList<>(tables);
            withThis.add(rva);
            long first = rva + DIRECTORY_SIZE;
            int inWindow = context.entriesInOneWindow(first, ENTRY_SIZE, count);
            List<ResourceDirectoryEntry> window = inWindow == 0 ? List.of()
                    : context.parseAtRva(first, inWindow * ENTRY_SIZE, io -> new ResourceDirectoryEntries(io, inWindow)).entries();
            for (int i = 0; i < count; i++) {
                long entryRva = first + (long) i * ENTRY_SIZE;
                ResourceDirectoryEntry entry = i < inWindow ? window.get(i)
                        : context.parseAtRva(entryRva, ENTRY_SIZE, ResourceDirectoryEntry::new);
                if (entry == null) {
                    context.anomaly(Kind.RESOURCE_DIRECTORY_DAMAGED,
                            "resource table at RVA 0x%X: entry %d of %d is not in the file", rva, i, count);
                    return;
                }
                ResourceKey key = keyOf(entry);
                if (key == null) {
                    return;
                }
                List<ResourceKey> keys = withKey(path, key);
                long child = root + entry.childOffset();
                if (entry.isDirectory()) {
                    if (withThis.contains(child)) {
                        context.anomaly(Kind.RESOURCE_LOOP,
                                "resource table at RVA 0x%X: entry %d points back to the table at RVA 0x%X; skipped",
                                rva, i, child);
                        continue;
                    }
                    readTable(child, keys, withThis, leaves);
                } else {
                    readLeaf(child, keys).ifPresent(leaves::add);
                }
            }
        }

        /** {@code path} and then {@code key}, as the immutable list a leaf keeps without copying it again. */
        private static List<ResourceKey> withKey(List<ResourceKey> path, ResourceKey key) {
            ResourceKey[] keys = path.toArray(new ResourceKey[path.size() + 1]);
            keys[path.size()] = key;
            return List.of(keys);
        }

        private Optional<ResourceEntry> readLeaf(long rva, List<ResourceKey> keys) {
            ResourceDataEntry data = context.parseAtRva(rva, DATA_ENTRY_SIZE, ResourceDataEntry::new);
            if (data == null) {
                context.anomaly(Kind.RESOURCE_DIRECTORY_DAMAGED,
                        "resource %s: data entry at RVA 0x%X is not in the file", keys, rva);
                return Optional.empty();
            }
            return Optional.of(new ResourceEntry(keys, data.codePage(), data.dataRva(), data.size()));
        }

        /**
         * The entry's id or name; null once the parse's names have reached their budget, which
         * stops the walk: entries can all name one string of 65,535 units, and 32,768 of them
         * would make 2 billion characters of a 1.5 MB file.
         */
        private ResourceKey keyOf(ResourceDirectoryEntry entry) {
            if (!entry.hasStringName()) {
                return new ResourceKey.Id(entry.id());
            }
            if (context.nameBudgetSpent()) {
                if (!nameCapReported) {
                    nameCapReported = true;
                    context.anomaly(Kind.RESOURCE_TOO_MANY_ENTRIES, "resource names reach %d characters, %d per byte"
                            + " of file; entries from the one named at RVA 0x%X on not read", context.nameBudget(),
                            NameBudget.CHARACTERS_PER_FILE_BYTE, root + entry.nameOffset());
                }
                return null;
            }
            long rva = root + entry.nameOffset();
            Integer length = context.parseAtRva(rva, 2, io -> io.readU2le());
            Utf16Counted name = length == null ? null : context.parseAtRva(rva, 2 + 2 * length, Utf16Counted::new);
            if (name == null) {
                context.anomaly(Kind.RESOURCE_NAME_DAMAGED, "resource name at RVA 0x%X is not in the file", rva);
                return new ResourceKey.Name("");
            }
            String decoded = Utf16.decode(name.units());
            context.chargeName(decoded);
            return new ResourceKey.Name(decoded);
        }

        /** How many of a leaf's bytes are in the file; 0 when its RVA maps nowhere. */
        private long bytesInFile(ResourceEntry entry) {
            long offset = context.mapRvaToOffset(entry.rva());
            return offset == RvaMapper.NOT_IN_FILE ? 0 : Math.max(0, Math.min(entry.size(), context.fileSize() - offset));
        }

        /** The bytes of a leaf, cut at the end of the file (with an anomaly). */
        private Optional<byte[]> dataOf(ResourceEntry entry, String what) {
            long offset = context.mapRvaToOffset(entry.rva());
            if (offset == RvaMapper.NOT_IN_FILE) {
                context.anomaly(Kind.RESOURCE_DATA_DAMAGED, "%s at RVA 0x%X is not in the file", what, entry.rva());
                return Optional.empty();
            }
            long size = Math.min(entry.size(), context.fileSize() - offset);
            if (size < entry.size()) {
                context.anomaly(Kind.RESOURCE_DATA_DAMAGED, "%s at RVA 0x%X: 0x%X bytes, of which 0x%X are in the file",
                        what, entry.rva(), entry.size(), size);
            }
            return Optional.of(context.parseAtOffset(offset, (int) size, io -> io.readBytes(size)));
        }

        private Optional<Manifest> manifestOf(ResourceEntry entry) {
            ResourceEntry bounded = entry.size() > MAX_MANIFEST_BYTES
                    ? new ResourceEntry(entry.path(), entry.codePage(), entry.rva(), MAX_MANIFEST_BYTES)
                    : entry;
            // A damaged tree can list one large range under thousands of leaves (MAX_TOTAL_ENTRIES).
            if (!context.chargeData(bytesInFile(bounded), "manifest %s at RVA 0x%X", entry.name(), entry.rva())) {
                return Optional.empty();
            }
            if (bounded != entry) {
                context.anomaly(Kind.MANIFEST_TOO_LARGE, "manifest %s is 0x%X bytes; the first 0x%X decoded",
                        entry.name(), entry.size(), MAX_MANIFEST_BYTES);
            }
            return dataOf(bounded, "manifest")
                    .map(data -> new Manifest(entry.name(), entry.language(), decodeManifest(data)));
        }
    }

    /**
     * A manifest is XML: UTF-8 unless a byte-order mark says UTF-16. The BOM is dropped, and the
     * NUL padding some linkers leave after the document too.
     */
    static String decodeManifest(byte[] data) {
        String text;
        if (startsWith(data, 0xEF, 0xBB, 0xBF)) {
            text = new String(data, 3, data.length - 3, StandardCharsets.UTF_8);
        } else if (startsWith(data, 0xFF, 0xFE)) {
            text = new String(data, 2, data.length - 2, StandardCharsets.UTF_16LE);
        } else if (startsWith(data, 0xFE, 0xFF)) {
            text = new String(data, 2, data.length - 2, StandardCharsets.UTF_16BE);
        } else {
            text = new String(data, StandardCharsets.UTF_8);
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\0') {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

}
