package pescope.pe;

/** The file header's machine, shared with the readers whose layout depends on it (.pdata). */
record ImageMachine(int code) {}
