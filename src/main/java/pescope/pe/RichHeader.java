package pescope.pe;

import java.util.List;

/**
 * The Rich header Microsoft's linker writes after the DOS stub: which tools (product id and
 * build) produced how many of the image's objects. {@code key} is the XOR mask, which is also
 * a checksum over the DOS header and these entries; {@code computedChecksum} is that checksum
 * worked out again. {@code offset} is where "DanS" is in the file.
 */
public record RichHeader(long offset, long key, long computedChecksum, List<Entry> entries) {

    public RichHeader {
        entries = List.copyOf(entries);
    }

    /** One comp.id: a tool (product id, build number) and how many objects it made. */
    public record Entry(int productId, int build, long count) {}

    public boolean checksumValid() {
        return key == computedChecksum;
    }
}
