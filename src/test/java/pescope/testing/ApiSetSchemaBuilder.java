package pescope.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the bytes of an API set schema (the .apiset section) in the documented layouts of
 * versions 2, 4 and 6, from entries given in order; names are stored as each version stores
 * them (v2/v4 without "api-"/"ext-" and ".dll"; v6 whole, without ".dll").
 */
public final class ApiSetSchemaBuilder {

    /** A contract and its values: the default host first (importer ""), then importer-specific ones. */
    public record Entry(String name, Map<String, String> hostsByImporter) {}

    /** The factor Windows' and Wine's schemas use. */
    public static final int HASH_FACTOR = 0x1F;

    private final List<Entry> entries = new ArrayList<>();

    /** An entry with a default host ("" for none) and optional importer → host pairs after it. */
    public ApiSetSchemaBuilder entry(String name, String defaultHost, String... importerHostPairs) {
        Map<String, String> values = new LinkedHashMap<>();
        if (defaultHost != null) {
            values.put("", defaultHost);
        }
        for (int i = 0; i + 1 < importerHostPairs.length; i += 2) {
            values.put(importerHostPairs[i], importerHostPairs[i + 1]);
        }
        entries.add(new Entry(name, values));
        return this;
    }

    public byte[] v2() {
        // header 8, entries 12 each, then per entry: value array (4 + 16 each), then strings
        Layout out = new Layout(8 + 12 * entries.size());
        out.putInt(0, 2);
        out.putInt(4, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int[] name = out.string(stripped(e.name()));
            int array = out.reserve(4 + 16 * e.hostsByImporter().size());
            out.putInt(array, e.hostsByImporter().size());
            int v = 0;
            for (Map.Entry<String, String> value : e.hostsByImporter().entrySet()) {
                int[] importer = out.string(value.getKey());
                int[] host = out.string(value.getValue());
                int at = array + 4 + 16 * v++;
                out.putInts(at, importer[0], importer[1], host[0], host[1]);
            }
            out.putInts(8 + 12 * i, name[0], name[1], array);
        }
        return out.bytes();
    }

    public byte[] v4() {
        Layout out = new Layout(16 + 24 * entries.size());
        out.putInts(0, 4, 0, 0, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int[] name = out.string(stripped(e.name()));
            int array = out.reserve(8 + 20 * e.hostsByImporter().size());
            out.putInts(array, 0, e.hostsByImporter().size());
            int v = 0;
            for (Map.Entry<String, String> value : e.hostsByImporter().entrySet()) {
                int[] importer = out.string(value.getKey());
                int[] host = out.string(value.getValue());
                out.putInts(array + 8 + 20 * v++, 0, importer[0], importer[1], host[0], host[1]);
            }
            out.putInts(16 + 24 * i, 0, name[0], name[1], 0, 0, array);
        }
        int size = out.bytes().length;
        out.putInt(4, size);
        return out.bytes();
    }

    public byte[] v6() {
        int entryOffset = 28;
        Layout out = new Layout(entryOffset + 24 * entries.size());
        out.putInts(0, 6, 0, 0, entries.size(), entryOffset, 0, HASH_FACTOR);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String name = e.name().toLowerCase(Locale.ROOT).endsWith(".dll") ? e.name().substring(0, e.name().length() - 4) : e.name();
            int[] stored = out.string(name);
            int hashed = 2 * name.lastIndexOf('-');
            int values = out.reserve(20 * e.hostsByImporter().size());
            int v = 0;
            for (Map.Entry<String, String> value : e.hostsByImporter().entrySet()) {
                int[] importer = out.string(value.getKey());
                int[] host = out.string(value.getValue());
                out.putInts(values + 20 * v++, 0, importer[0], importer[1], host[0], host[1]);
            }
            out.putInts(entryOffset + 24 * i, 0, stored[0], stored[1], hashed, values, e.hostsByImporter().size());
        }
        // The hash table the loader searches: (hash of the hashed part, entry index), sorted by hash.
        List<long[]> hashes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).name().toLowerCase(Locale.ROOT);
            long hash = 0;
            for (char c : name.substring(0, name.lastIndexOf('-')).toCharArray()) {
                hash = (hash * HASH_FACTOR + c) & 0xFFFFFFFFL;
            }
            hashes.add(new long[] {hash, i});
        }
        hashes.sort((a, b) -> Long.compare(a[0], b[0]));
        int table = out.reserve(8 * hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            out.putInts(table + 8 * i, (int) hashes.get(i)[0], (int) hashes.get(i)[1]);
        }
        out.putInt(20, table);
        return out.bytes();
    }

    private static String stripped(String name) {
        String n = name.substring(4);
        return n.toLowerCase(Locale.ROOT).endsWith(".dll") ? n.substring(0, n.length() - 4) : n;
    }

    /** A growing little-endian buffer with a fixed head. */
    private static final class Layout {
        private byte[] bytes;

        Layout(int headSize) {
            bytes = new byte[headSize];
        }

        int reserve(int size) {
            int at = bytes.length;
            bytes = java.util.Arrays.copyOf(bytes, bytes.length + size);
            return at;
        }

        /** Appends a UTF-16LE string; returns {offset, length in bytes}. */
        int[] string(String text) {
            byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
            int at = reserve(utf16.length);
            System.arraycopy(utf16, 0, bytes, at, utf16.length);
            return new int[] {utf16.length == 0 ? 0 : at, utf16.length};
        }

        void putInt(int at, int value) {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        }

        void putInts(int at, int... values) {
            for (int i = 0; i < values.length; i++) {
                putInt(at + 4 * i, values[i]);
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
