package pescope.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a resource directory (the .rsrc layout: tables, then string names, then data entries,
 * then the data) for leaves given by their key paths. Keys are {@code Integer} ids or
 * {@code String} names; within a table named entries come first, then ids, each in the order
 * first seen, which is also the order {@link #leavesInTreeOrder} gives.
 */
public final class ResourceTreeWriter {

    /** One resource: the keys on its path (type, name, language for a well-formed tree), its code page and bytes. */
    public record Leaf(List<Object> path, long codePage, byte[] data) {
        public Leaf {
            path = List.copyOf(path);
        }
    }

    /** A written leaf: where its bytes went. */
    public record Placed(Leaf leaf, long rva) {}

    /** The directory's bytes, to be placed at {@code baseRva}, and the leaves in tree order. */
    public record Written(byte[] bytes, List<Placed> leaves) {}

    private static final class Node {
        final Map<Object, Node> children = new LinkedHashMap<>();
        Leaf leaf;
        int tableOffset;
        int dataEntryOffset;
        int dataOffset;
    }

    private ResourceTreeWriter() {}

    public static Written write(List<Leaf> leaves, long baseRva) {
        Node root = new Node();
        for (Leaf leaf : leaves) {
            Node node = root;
            for (Object key : leaf.path()) {
                node = node.children.computeIfAbsent(key, k -> new Node());
            }
            node.leaf = leaf;
        }
        List<Node> tables = new ArrayList<>();
        List<Node> dataNodes = new ArrayList<>();
        collect(root, tables, dataNodes);
        int at = 0;
        for (Node table : tables) {
            table.tableOffset = at;
            at += 16 + 8 * table.children.size();
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Node table : tables) {
            for (Object key : table.children.keySet()) {
                if (key instanceof String name && !names.containsKey(name)) {
                    names.put(name, at);
                    at += 2 + 2 * name.length();
                }
            }
        }
        at = align4(at);
        for (Node leaf : dataNodes) {
            leaf.dataEntryOffset = at;
            at += 16;
        }
        for (Node leaf : dataNodes) {
            leaf.dataOffset = at;
            at = align4(at + leaf.leaf.data().length);
        }
        ByteBuffer out = ByteBuffer.allocate(at).order(ByteOrder.LITTLE_ENDIAN);
        for (Node table : tables) {
            List<Map.Entry<Object, Node>> ordered = ordered(table);
            long named = ordered.stream().filter(e -> e.getKey() instanceof String).count();
            out.position(table.tableOffset + 12);
            out.putShort((short) named).putShort((short) (ordered.size() - named));
            for (Map.Entry<Object, Node> e : ordered) {
                int name = e.getKey() instanceof String s ? 0x80000000 | names.get(s) : (Integer) e.getKey();
                Node child = e.getValue();
                int target = child.leaf != null && child.children.isEmpty()
                        ? child.dataEntryOffset : 0x80000000 | child.tableOffset;
                out.putInt(name).putInt(target);
            }
        }
        for (Map.Entry<String, Integer> name : names.entrySet()) {
            out.position(name.getValue());
            out.putShort((short) name.getKey().length());
            out.put(name.getKey().getBytes(StandardCharsets.UTF_16LE));
        }
        List<Placed> placed = new ArrayList<>();
        for (Node leaf : dataNodes) {
            out.position(leaf.dataEntryOffset);
            out.putInt((int) (baseRva + leaf.dataOffset)).putInt(leaf.leaf.data().length)
                    .putInt((int) leaf.leaf.codePage()).putInt(0);
            out.position(leaf.dataOffset);
            out.put(leaf.leaf.data());
            placed.add(new Placed(leaf.leaf, baseRva + leaf.dataOffset));
        }
        return new Written(out.array(), placed);
    }

    /** Tables breadth first (the root first), leaves in tree order (depth first). */
    private static void collect(Node root, List<Node> tables, List<Node> leaves) {
        List<Node> queue = new ArrayList<>(List.of(root));
        for (int i = 0; i < queue.size(); i++) {
            Node table = queue.get(i);
            tables.add(table);
            for (Map.Entry<Object, Node> e : ordered(table)) {
                if (e.getValue().leaf == null || !e.getValue().children.isEmpty()) {
                    queue.add(e.getValue());
                }
            }
        }
        depthFirst(root, leaves);
    }

    private static void depthFirst(Node table, List<Node> leaves) {
        for (Map.Entry<Object, Node> e : ordered(table)) {
            Node child = e.getValue();
            if (child.leaf != null && child.children.isEmpty()) {
                leaves.add(child);
            } else {
                depthFirst(child, leaves);
            }
        }
    }

    private static List<Map.Entry<Object, Node>> ordered(Node table) {
        List<Map.Entry<Object, Node>> entries = new ArrayList<>();
        table.children.entrySet().stream().filter(e -> e.getKey() instanceof String).forEach(entries::add);
        table.children.entrySet().stream().filter(e -> !(e.getKey() instanceof String)).forEach(entries::add);
        return entries;
    }

    /** The leaves in the order a reader walking the written tree meets them. */
    public static List<Leaf> leavesInTreeOrder(Written written) {
        return written.leaves().stream().map(Placed::leaf).toList();
    }

    private static int align4(int value) {
        return (value + 3) & ~3;
    }

    /**
     * An RT_VERSION resource: VS_VERSIONINFO with VS_FIXEDFILEINFO, one StringFileInfo with the
     * given tables (key "040904B0" style to name and value) and a VarFileInfo with the given
     * translations (language, code page) pairs.
     */
    public static byte[] versionResource(long fileVersionMs, long fileVersionLs, long productVersionMs,
            long productVersionLs, long fileFlags, long fileOs, long fileType, Map<String, Map<String, String>> tables,
            List<int[]> translations) {
        ByteBuffer fixed = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN);
        fixed.putInt(0xFEEF04BD).putInt(0x10000).putInt((int) fileVersionMs).putInt((int) fileVersionLs)
                .putInt((int) productVersionMs).putInt((int) productVersionLs).putInt(0x3F).putInt((int) fileFlags)
                .putInt((int) fileOs).putInt((int) fileType).putInt(0).putInt(0).putInt(0);
        List<byte[]> stringTables = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> table : tables.entrySet()) {
            List<byte[]> strings = new ArrayList<>();
            for (Map.Entry<String, String> s : table.getValue().entrySet()) {
                byte[] value = (s.getValue() + "\0").getBytes(StandardCharsets.UTF_16LE);
                strings.add(block(s.getKey(), value, value.length / 2, 1, List.of()));
            }
            stringTables.add(block(table.getKey(), new byte[0], 0, 1, strings));
        }
        ByteBuffer pairs = ByteBuffer.allocate(4 * translations.size()).order(ByteOrder.LITTLE_ENDIAN);
        translations.forEach(p -> pairs.putShort((short) p[0]).putShort((short) p[1]));
        byte[] var = block("Translation", pairs.array(), pairs.capacity(), 0, List.of());
        List<byte[]> children = new ArrayList<>();
        children.add(block("StringFileInfo", new byte[0], 0, 1, stringTables));
        children.add(block("VarFileInfo", new byte[0], 0, 1, List.of(var)));
        return block("VS_VERSION_INFO", fixed.array(), 52, 0, children);
    }

    /** One version block: header, key, padding, value, padding, children (each padded to 32 bits). */
    private static byte[] block(String key, byte[] value, int valueLength, int type, List<byte[]> children) {
        byte[] keyBytes = (key + "\0").getBytes(StandardCharsets.UTF_16LE);
        int valueStart = align4(6 + keyBytes.length);
        int childrenStart = align4(valueStart + value.length);
        int length = childrenStart;
        for (byte[] child : children) {
            length = align4(length) + child.length;
        }
        ByteBuffer out = ByteBuffer.allocate(align4(length)).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) length).putShort((short) valueLength).putShort((short) type).put(keyBytes);
        out.position(valueStart);
        out.put(value);
        int at = childrenStart;
        for (byte[] child : children) {
            at = align4(at);
            out.position(at);
            out.put(child);
            at += child.length;
        }
        byte[] bytes = new byte[length];
        out.position(0);
        out.get(bytes);
        return bytes;
    }
}
