package pescope.pe;

import java.util.List;

/** One entry of the optional header's data-directory array. */
public record DataDirectory(int index, long rva, long size) {

    /** Names in table order, as dumpbin prints them ("RVA [size] of X Directory"). */
    public static final List<String> NAMES = java.util.stream.IntStream.range(0, PeReader.MAX_DATA_DIRECTORIES)
            .mapToObj(i -> Directory.byIndex(i).title()).toList();

    // Indexes for callers outside the parser; Directory is the registry these come from.
    public static final int EXPORT = 0;
    public static final int IMPORT = 1;
    public static final int CERTIFICATES = 4;
    public static final int BASE_RELOCATION = 5;
    public static final int BOUND_IMPORT = 11;
    public static final int DELAY_IMPORT = 13;

    public String name() {
        return NAMES.get(index);
    }

    /** The registry row of this entry. */
    public Directory directory() {
        return Directory.byIndex(index);
    }

    public boolean isPresent() {
        return rva != 0 && size != 0;
    }
}
