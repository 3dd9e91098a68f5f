package pescope.pe;

import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import pescope.format.ApiSetSchema.EntryV2;
import pescope.format.ApiSetSchema.EntryV4;
import pescope.format.ApiSetSchema.EntryV6;
import pescope.format.ApiSetSchema.HashEntryV6;
import pescope.format.ApiSetSchema.NamespaceV2;
import pescope.format.ApiSetSchema.NamespaceV4;
import pescope.format.ApiSetSchema.NamespaceV6;
import pescope.format.ApiSetSchema.ValueArrayV2;
import pescope.format.ApiSetSchema.ValueArrayV4;
import pescope.format.ApiSetSchema.ValueEntry;
import pescope.format.ApiSetSchema.ValueV2;

/**
 * Reads the API set schema from the {@code .apiset} section of an {@code apisetschema.dll}
 * (Geoff Chappell, "API Set Schema"): versions 2, 4 and 6. Every count is bounded by the
 * schema's size before it sizes a loop; an entry that points outside the schema is left out
 * with a problem noted, the others are kept.
 */
public final class ApiSetSchemaReader {

    /** The section that holds the schema. */
    public static final String SECTION = ".apiset";
    /** Windows 11's schema is under 100 KB; a larger section is not read past this. */
    public static final int MAX_SCHEMA_BYTES = 16 << 20;

    private static final int ENTRY_V2_SIZE = 12;
    private static final int VALUE_V2_SIZE = 16;
    private static final int ENTRY_V4_SIZE = 24;
    private static final int VALUE_ENTRY_SIZE = 20;
    private static final int ENTRY_V6_SIZE = 24;
    private static final int HASH_ENTRY_V6_SIZE = 8;

    private ApiSetSchemaReader() {}

    /** The schema in a file's {@code .apiset} section. */
    public static ApiSetSchema read(Path file) throws IOException, NotAPeFileException {
        PeImage image = PeReader.headersOnly().read(file);
        Optional<Section> section = image.sections().stream().filter(s -> s.name().equals(SECTION)).findFirst();
        if (section.isEmpty()) {
            throw new IOException("no " + SECTION + " section: not an API set schema");
        }
        long offset = section.get().pointerToRawData();
        long length = Math.min(section.get().sizeOfRawData(),
                section.get().virtualSize() == 0 ? Long.MAX_VALUE : section.get().virtualSize());
        length = Math.min(Math.min(length, image.fileSize() - Math.min(offset, image.fileSize())), MAX_SCHEMA_BYTES);
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.max(length, 0));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
                // keep reading: a channel may return less than asked
            }
        }
        bytes.flip();
        byte[] schema = new byte[bytes.remaining()];
        bytes.get(schema);
        return parse(schema);
    }

    /** The schema in these bytes, the whole section. */
    public static ApiSetSchema parse(byte[] schema) throws IOException {
        return new Parse(schema).run();
    }

    private static final class Parse {
        private final byte[] schema;
        private final List<ApiSetSchema.Contract> contracts = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        Parse(byte[] schema) {
            this.schema = schema;
        }

        ApiSetSchema run() throws IOException {
            if (schema.length < 4) {
                throw new IOException(SECTION + " is " + schema.length + " bytes: too short for an API set schema");
            }
            int version = ByteBuffer.wrap(schema).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            switch (version) {
                case 2 -> readV2();
                case 4 -> readV4();
                case 6 -> readV6();
                default -> throw new IOException("API set schema version " + Integer.toUnsignedString(version)
                        + " is not one pescope reads (2, 4 or 6)");
            }
            return new ApiSetSchema(version, contracts, problems);
        }

        private void readV2() {
            NamespaceV2 namespace = at(4, 4, NamespaceV2::new);
            long count = bounded(namespace == null ? 0 : namespace.count(), 8, ENTRY_V2_SIZE, "entries");
            for (int i = 0; i < count; i++) {
                EntryV2 entry = at(8 + (long) i * ENTRY_V2_SIZE, ENTRY_V2_SIZE, EntryV2::new);
                String name = string(entry.nameOffset(), entry.nameLength());
                ValueArrayV2 array = at(entry.valuesOffset(), 4, ValueArrayV2::new);
                if (name == null || array == null) {
                    damaged(i, name);
                    continue;
                }
                List<ApiSetSchema.HostValue> values = new ArrayList<>();
                long valueCount = bounded(array.count(), entry.valuesOffset() + 4, VALUE_V2_SIZE, "values of entry " + i);
                for (int v = 0; v < valueCount; v++) {
                    ValueV2 value = at(entry.valuesOffset() + 4 + (long) v * VALUE_V2_SIZE, VALUE_V2_SIZE, ValueV2::new);
                    addValue(values, i, name, string(value.importerOffset(), value.importerLength()),
                            string(value.hostOffset(), value.hostLength()));
                }
                contracts.add(new ApiSetSchema.Contract(name, name.length(), values));
            }
        }

        private void readV4() {
            NamespaceV4 namespace = at(4, 12, NamespaceV4::new);
            long count = bounded(namespace == null ? 0 : namespace.count(), 16, ENTRY_V4_SIZE, "entries");
            for (int i = 0; i < count; i++) {
                EntryV4 entry = at(16 + (long) i * ENTRY_V4_SIZE, ENTRY_V4_SIZE, EntryV4::new);
                String name = string(entry.nameOffset(), entry.nameLength());
                ValueArrayV4 array = at(entry.valuesOffset(), 8, ValueArrayV4::new);
                if (name == null || array == null) {
                    damaged(i, name);
                    continue;
                }
                long valueCount = bounded(array.count(), entry.valuesOffset() + 8, VALUE_ENTRY_SIZE, "values of entry " + i);
                List<ApiSetSchema.HostValue> values = readValueEntries(i, name, entry.valuesOffset() + 8, valueCount);
                contracts.add(new ApiSetSchema.Contract(name, name.length(), values));
            }
        }

        private void readV6() {
            NamespaceV6 namespace = at(4, 24, NamespaceV6::new);
            if (namespace == null) {
                return;
            }
            long count = bounded(namespace.count(), namespace.entriesOffset(), ENTRY_V6_SIZE, "entries");
            for (int i = 0; i < count; i++) {
                EntryV6 entry = at(namespace.entriesOffset() + (long) i * ENTRY_V6_SIZE, ENTRY_V6_SIZE, EntryV6::new);
                String name = string(entry.nameOffset(), entry.nameLength());
                if (name == null) {
                    damaged(i, null);
                    continue;
                }
                long valueCount = bounded(entry.valueCount(), entry.valuesOffset(), VALUE_ENTRY_SIZE, "values of entry " + i);
                List<ApiSetSchema.HostValue> values = readValueEntries(i, name, entry.valuesOffset(), valueCount);
                int hashed = (int) Math.min(entry.hashedLength() / 2, name.length());
                contracts.add(new ApiSetSchema.Contract(name, hashed, values));
            }
            checkHashes(namespace, count);
        }

        /**
         * ntdll finds an entry through the hash table, not by name: an entry whose hash entry is
         * missing or disagrees with its name is one the loader cannot find, so it is reported.
         */
        private void checkHashes(NamespaceV6 namespace, long count) {
            if (contracts.size() != count) {
                return;
            }
            long hashCount = bounded(namespace.count(), namespace.hashesOffset(), HASH_ENTRY_V6_SIZE, "hash entries");
            long[] hashOf = new long[(int) count];
            java.util.Arrays.fill(hashOf, -1);
            for (int i = 0; i < hashCount; i++) {
                HashEntryV6 hash = at(namespace.hashesOffset() + (long) i * HASH_ENTRY_V6_SIZE, HASH_ENTRY_V6_SIZE, HashEntryV6::new);
                if (hash.index() < count) {
                    hashOf[(int) hash.index()] = hash.hash();
                }
            }
            for (int i = 0; i < count; i++) {
                long expected = hash(contracts.get(i).matchedName(), namespace.hashFactor());
                if (hashOf[i] != expected) {
                    problems.add(String.format("API set entry %d (%s): hash 0x%X in the table, 0x%X from its name; the loader cannot find it",
                            i, contracts.get(i).name(), hashOf[i], expected));
                }
            }
        }

        /** The loader's hash of a contract's hashed part: lower-cased (ASCII), hash * factor + char, 32 bits. */
        static long hash(String matchedName, long factor) {
            long hash = 0;
            for (int i = 0; i < matchedName.length(); i++) {
                char c = matchedName.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                hash = (hash * factor + c) & 0xFFFFFFFFL;
            }
            return hash;
        }

        private List<ApiSetSchema.HostValue> readValueEntries(int entry, String name, long offset, long count) {
            List<ApiSetSchema.HostValue> values = new ArrayList<>();
            for (int v = 0; v < count; v++) {
                ValueEntry value = at(offset + (long) v * VALUE_ENTRY_SIZE, VALUE_ENTRY_SIZE, ValueEntry::new);
                addValue(values, entry, name, string(value.importerOffset(), value.importerLength()),
                        string(value.hostOffset(), value.hostLength()));
            }
            return values;
        }

        private void addValue(List<ApiSetSchema.HostValue> values, int entry, String name, String importer, String host) {
            if (importer == null || host == null) {
                problems.add(String.format("API set entry %d (%s): value %d points outside the schema", entry, name, values.size()));
                return;
            }
            values.add(new ApiSetSchema.HostValue(importer, host));
        }

        private void damaged(int entry, String name) {
            problems.add(String.format("API set entry %d%s points outside the schema; left out", entry, name == null ? "" : " (" + name + ")"));
        }

        /** A count read from the schema, cut to what fits between {@code offset} and the end. */
        private long bounded(long count, long offset, int itemSize, String what) {
            long room = offset < 0 || offset > schema.length ? 0 : (schema.length - offset) / itemSize;
            if (count > room) {
                problems.add(String.format("%d %s claimed, %d fit in the schema", count, what, room));
                return room;
            }
            return count;
        }

        /** A UTF-16LE name; null when it lies outside the schema or has an odd length. */
        private String string(long offset, long length) {
            if (length == 0) {
                return "";
            }
            if (offset < 0 || length < 0 || (length & 1) != 0 || offset + length > schema.length) {
                return null;
            }
            return new String(schema, (int) offset, (int) length, StandardCharsets.UTF_16LE);
        }

        /** A fixed-size structure at an offset; null when it does not fit. */
        private <T> T at(long offset, int size, Function<KaitaiStream, T> parser) {
            if (offset < 0 || offset + size > schema.length) {
                return null;
            }
            return parser.apply(new ByteBufferKaitaiStream(ByteBuffer.wrap(schema, (int) offset, size).slice()));
        }
    }
}
