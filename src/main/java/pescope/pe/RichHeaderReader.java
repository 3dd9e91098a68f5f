package pescope.pe;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.RichEntry;
import pescope.pe.Anomaly.Kind;

/**
 * Finds the Rich header between the DOS header and the PE header: "Rich" and the key end it,
 * "DanS" XORed with the key starts it, three key words pad it, and the comp.id pairs lie
 * between. The key is a checksum over the DOS header (e_lfanew left out), the stub and the
 * comp.ids, so a header edited after linking no longer matches it.
 */
final class RichHeaderReader {

    /** comp.id records read; a real header has a few dozen, one per tool and object kind. */
    static final int MAX_ENTRIES = 1024;

    private static final int RICH = 0x68636952;
    private static final int DANS = 0x536E6144;
    /** The DOS header comes first; the Rich header cannot start inside it. */
    private static final int DOS_HEADER_SIZE = 0x40;
    private static final int E_LFANEW = 0x3C;

    private final ImageBytes bytes;
    private final ParseContext context;

    RichHeaderReader(ParseContext context) {
        this.bytes = context.bytes();
        this.context = context;
    }

    Optional<RichHeader> read(long peHeaderOffset) {
        int limit = (int) Math.min(peHeaderOffset, bytes.size()) & ~3;
        if (limit <= DOS_HEADER_SIZE) {
            return Optional.empty();
        }
        ByteBuffer stub = bytes.view(0, limit);
        int rich = -1;
        for (int at = DOS_HEADER_SIZE; at + 8 <= limit; at += 4) {
            if (stub.getInt(at) == RICH) {
                rich = at;
                break;
            }
        }
        if (rich < 0) {
            return Optional.empty();
        }
        int key = stub.getInt(rich + 4);
        int dans = -1;
        for (int at = rich - 4; at >= DOS_HEADER_SIZE; at -= 4) {
            if ((stub.getInt(at) ^ key) == DANS) {
                dans = at;
                break;
            }
        }
        if (dans < 0) {
            context.anomalyAt(Kind.RICH_HEADER_DAMAGED, rich, 8, "\"Rich\" at 0x%X without a \"DanS\" start before it", rich);
            return Optional.empty();
        }
        int first = dans + 16;
        int count = Math.max(0, (rich - first) / 8);
        if (count > MAX_ENTRIES) {
            context.anomalyAt(Kind.RICH_HEADER_DAMAGED, dans, rich + 8L - dans, "Rich header at 0x%X has %d entries; the first %d read",
                    dans, count, MAX_ENTRIES);
            count = MAX_ENTRIES;
        }
        long unsignedKey = Integer.toUnsignedLong(key);
        List<RichHeader.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RichEntry raw = parse(first + 8L * i, unsignedKey);
            entries.add(new RichHeader.Entry(raw.productId(), raw.build(), Integer.toUnsignedLong(raw.count())));
        }
        return Optional.of(new RichHeader(dans, unsignedKey, checksum(stub, dans, entries), entries));
    }

    /**
     * The linker's checksum: the header's offset, plus every byte before it rotated left by its
     * offset (e_lfanew's four bytes left out: it is written after the checksum), plus every
     * comp.id rotated left by its count.
     */
    static long checksum(ByteBuffer stub, int dansOffset, List<RichHeader.Entry> entries) {
        int sum = dansOffset;
        for (int i = 0; i < dansOffset; i++) {
            if (i >= E_LFANEW && i < E_LFANEW + 4) {
                continue;
            }
            sum += Integer.rotateLeft(stub.get(i) & 0xFF, i);
        }
        for (RichHeader.Entry e : entries) {
            int compId = e.productId() << 16 | e.build();
            sum += Integer.rotateLeft(compId, (int) e.count());
        }
        return Integer.toUnsignedLong(sum);
    }

    private RichEntry parse(long offset, long key) {
        try {
            return bytes.parseAt(offset, 8, io -> new RichEntry(io, key));
        } catch (ImageBytes.TruncatedException e) {
            throw new IllegalStateException("bounds checked before parsing", e);
        }
    }
}
