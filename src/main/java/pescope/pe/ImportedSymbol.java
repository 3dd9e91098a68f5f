package pescope.pe;

/**
 * One entry of an import lookup table. {@code thunkValue} is what the import address table slot
 * holds in the file (for delay imports: the address of the loader stub, which dumpbin prints).
 */
public sealed interface ImportedSymbol {

    long thunkValue();

    /** Imported by name; the hint is the exporter's name-table index the linker expected. */
    record ByName(String name, int hint, long thunkValue) implements ImportedSymbol {}

    record ByOrdinal(int ordinal, long thunkValue) implements ImportedSymbol {}
}
