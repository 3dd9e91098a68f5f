package pescope.testing;

/** An entry of the optional header's data directory array. */
record DataDirectory(long rva, long size) {
    static final DataDirectory NONE = new DataDirectory(0, 0);
}
