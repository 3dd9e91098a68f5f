package pescope.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llvm-readobj's default text output as a tree: {@code Key {...}} and {@code Key [...]} open
 * nodes, {@code Key: value} are leaves, bare lines in a list (flag names) are leaves too.
 */
final class ReadobjTree {
    private static final Pattern OPEN_DICT = Pattern.compile("^(\\w+) \\{$");
    private static final Pattern OPEN_LIST = Pattern.compile("^(\\w+) \\[(?: \\((.*)\\))?$");
    private static final Pattern TRAILING_HEX = Pattern.compile("\\((0x[0-9A-Fa-f]+)\\)$");

    record Node(String key, String value, List<Node> children) {
        Optional<Node> child(String key) {
            return children.stream().filter(c -> c.key.equals(key)).findFirst();
        }

        List<Node> all(String key) {
            return children.stream().filter(c -> c.key.equals(key)).toList();
        }

        String text(String key) {
            return child(key).map(Node::value).orElseThrow(() -> new IllegalStateException("no " + key + " under " + this.key));
        }

        /** A leaf's number: "0x1A", "4096", or the hex in a trailing "(0x..)" as in "IMAGE_FILE_MACHINE_I386 (0x14C)". */
        long number(String key) {
            return parseNumber(text(key));
        }
    }

    static Node parse(String output) {
        Node root = new Node("", "", new ArrayList<>());
        List<Node> stack = new ArrayList<>(List.of(root));
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            Node top = stack.get(stack.size() - 1);
            if (line.equals("}") || line.equals("]")) {
                if (stack.size() > 1) stack.remove(stack.size() - 1);
                continue;
            }
            Matcher dict = OPEN_DICT.matcher(line);
            Matcher list = OPEN_LIST.matcher(line);
            if (dict.matches() || list.matches()) {
                String key = dict.matches() ? dict.group(1) : list.group(1);
                String value = list.matches() && list.group(2) != null ? list.group(2) : "";
                Node node = new Node(key, value, new ArrayList<>());
                top.children().add(node);
                stack.add(node);
                continue;
            }
            // Keep the value's own spacing: an empty export name prints as "Name: ".
            String trimmedLeft = raw.stripLeading();
            int colon = trimmedLeft.indexOf(':');
            if (colon < 0) {
                top.children().add(new Node(line, "", List.of()));
            } else {
                String value = trimmedLeft.substring(colon + 1);
                top.children().add(new Node(trimmedLeft.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value, List.of()));
            }
        }
        return root;
    }

    static long parseNumber(String text) {
        String t = text.strip();
        Matcher hex = TRAILING_HEX.matcher(t);
        if (hex.find()) t = hex.group(1);
        if (t.startsWith("0x") || t.startsWith("0X")) return new BigInteger(t.substring(2), 16).longValue();
        return new BigInteger(t).longValue();
    }
}
