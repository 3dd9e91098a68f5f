package pescope.pe;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pescope.format.Utf16Z;
import pescope.format.VersionBlockHeader;
import pescope.format.VsFixedFileInfo;
import pescope.pe.Anomaly.Kind;

/**
 * Decodes an RT_VERSION resource: a tree of blocks, each a header, a UTF-16 key, a value and
 * child blocks, every part aligned to 32 bits (VS_VERSIONINFO, StringFileInfo, StringTable,
 * String, VarFileInfo, Var). Every block is read inside its parent, and the resource's bytes
 * bound the whole walk: each block moves the walk on by at least 8 bytes.
 */
final class VersionInfoReader {

    private static final int HEADER_SIZE = 6;
    private static final int FIXED_INFO_SIZE = 52;

    private final ImageBytes data;
    private final ParseContext context;

    /** What one block holds: where its key, value and children are. */
    private record Block(long start, long end, String key, int valueLength, int valueType, long valueStart,
            long childrenStart) {}

    VersionInfoReader(byte[] resource, ParseContext context) {
        this.data = new ImageBytes(ByteBuffer.wrap(resource));
        this.context = context;
    }

    Optional<VersionInfo> read() {
        Block found = block(0, data.size());
        if (found == null || !found.key().equals("VS_VERSION_INFO")) {
            context.anomaly(Kind.VERSION_INFO_DAMAGED, "version resource does not start with a VS_VERSION_INFO block%s",
                    found == null ? "" : " (key \"" + found.key() + "\")");
            return Optional.empty();
        }
        // The root's value is VS_FIXEDFILEINFO whatever its type word says: its length counts bytes.
        Block root = new Block(found.start(), found.end(), found.key(), found.valueLength(), 0, found.valueStart(),
                Math.min(align(found.valueStart() + found.valueLength()), found.end()));
        VsFixedFileInfo fixed = null;
        if (root.valueLength() >= FIXED_INFO_SIZE && data.contains(root.valueStart(), FIXED_INFO_SIZE)) {
            fixed = parse(root.valueStart(), FIXED_INFO_SIZE, VsFixedFileInfo::new);
            if (fixed.signature() != VersionInfo.FIXED_INFO_SIGNATURE) {
                context.anomaly(Kind.VERSION_INFO_DAMAGED, "VS_FIXEDFILEINFO signature is 0x%08X, not 0xFEEF04BD",
                        fixed.signature());
                fixed = null;
            }
        }
        Map<String, Map<String, String>> strings = new LinkedHashMap<>();
        List<String> translations = new ArrayList<>();
        for (Block child : children(root)) {
            if (child.key().startsWith("StringFileInfo")) {
                readStringTables(child, strings);
            } else if (child.key().startsWith("VarFileInfo")) {
                readTranslations(child, translations);
            }
        }
        if (fixed == null) {
            return Optional.of(new VersionInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, false, strings, translations));
        }
        return Optional.of(new VersionInfo(fixed.fileVersionMs(), fixed.fileVersionLs(), fixed.productVersionMs(),
                fixed.productVersionLs(), fixed.fileFlagsMask(), fixed.fileFlags(), fixed.fileOs(), fixed.fileType(),
                fixed.fileSubtype(), true, strings, translations));
    }

    private void readStringTables(Block stringFileInfo, Map<String, Map<String, String>> strings) {
        for (Block table : children(stringFileInfo)) {
            Map<String, String> entries = strings.computeIfAbsent(table.key(), k -> new LinkedHashMap<>());
            for (Block string : children(table)) {
                entries.put(string.key(), textValue(string));
            }
        }
    }

    /** A String block's value: UTF-16 up to a NUL, at most valueLength units, inside the block. */
    private String textValue(Block string) {
        long units = Math.min(string.valueLength(), (string.end() - string.valueStart()) / 2);
        if (units <= 0) {
            return "";
        }
        return Utf16.decode(parse(string.valueStart(), (int) (2 * units), Utf16Z::new).units());
    }

    private void readTranslations(Block varFileInfo, List<String> translations) {
        for (Block variable : children(varFileInfo)) {
            if (!variable.key().equals("Translation")) {
                continue;
            }
            long end = Math.min(variable.valueStart() + variable.valueLength(), variable.end());
            for (long at = variable.valueStart(); at + 4 <= end; at += 4) {
                long pair = parse(at, 4, io -> io.readU4le());
                // The language, then the code page, as "%04X%04X" would give them; String.format
                // was 4% of the CPU of parsing the wine folder.
                translations.add(hex4((int) (pair & 0xFFFF)) + hex4((int) (pair >>> 16)));
            }
        }
    }

    /** A u2 as four upper-case hex digits. */
    private static String hex4(int value) {
        String digits = Integer.toHexString(value).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(digits.length()) + digits;
    }

    /** The blocks inside {@code parent}, in order; a damaged one ends the list. */
    private List<Block> children(Block parent) {
        List<Block> blocks = new ArrayList<>();
        long at = parent.childrenStart();
        while (at + HEADER_SIZE <= parent.end()) {
            Block child = block(at, parent.end());
            if (child == null) {
                break;
            }
            blocks.add(child);
            at = align(child.end());
        }
        return blocks;
    }

    /** The block at {@code start}, which must end by {@code limit}; null (with an anomaly) when it cannot. */
    private Block block(long start, long limit) {
        if (start + HEADER_SIZE > limit) {
            return null;
        }
        VersionBlockHeader header = parse(start, HEADER_SIZE, VersionBlockHeader::new);
        long end = start + header.length();
        if (header.length() < HEADER_SIZE + 2 || end > limit) {
            context.anomaly(Kind.VERSION_INFO_DAMAGED,
                    "version block at +0x%X: length 0x%X does not fit in its parent (ends at +0x%X)", start,
                    header.length(), limit);
            return null;
        }
        long keyStart = start + HEADER_SIZE;
        List<Integer> keyUnits = parse(keyStart, (int) ((end - keyStart) & ~1L), Utf16Z::new).units();
        long valueStart = align(keyStart + 2L * keyUnits.size());
        long valueBytes = header.valueType() == 1 ? 2L * header.valueLength() : header.valueLength();
        long childrenStart = Math.min(align(valueStart + valueBytes), end);
        return new Block(start, end, Utf16.decode(keyUnits), header.valueLength(), header.valueType(),
                Math.min(valueStart, end), childrenStart);
    }

    private static long align(long offset) {
        return (offset + 3) & ~3L;
    }

    private <T> T parse(long offset, int length, java.util.function.Function<io.kaitai.struct.KaitaiStream, T> parser) {
        try {
            return data.parseAt(offset, length, parser);
        } catch (ImageBytes.TruncatedException e) {
            throw new IllegalStateException("bounds checked before parsing", e);
        }
    }
}
