package pescope.pe.clr;

/** A metadata table that has rows: its number, ECMA-335 name, row count and row size in bytes. */
public record MetadataTableSummary(int id, String name, long rows, int rowSize) {}
