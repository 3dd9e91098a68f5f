package pescope.pe.clr;

/** The head of the #~ / #- stream: its version, heap-size flags and which tables are present and sorted. */
public record TablesHeader(int majorVersion, int minorVersion, int heapSizes, long valid, long sorted) {}
