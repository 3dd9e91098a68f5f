package pescope.deps;

/**
 * "{@code from} needs {@code to}", and why. An API set edge goes to the contract's host and names
 * the contract it came through as the importer wrote it ("api-ms-win-core-synch-l1-2-0.dll");
 * {@code contract} is null for other edges.
 */
public record Edge(ModuleNode from, ModuleNode to, Kind kind, String contract) {

    public Edge(ModuleNode from, ModuleNode to, Kind kind) {
        this(from, to, kind, null);
    }

    public enum Kind {
        /** An entry of the import directory: loaded with the importer. */
        IMPORT,
        /** An import of an API set contract, mapped by the schema to its host; loaded with the importer. */
        APISET,
        /** An entry of the delay-import directory: loaded on the first call. */
        DELAY,
        /** A delay import of an API set contract, mapped to its host: loaded on the first call. */
        DELAY_APISET,
        /** A forwarded export that some importer uses: loaded to snap that import. */
        FORWARD;

        /** Loaded when the module that needs it loads, not later. */
        public boolean isImplicit() {
            return this != DELAY && this != DELAY_APISET;
        }

        public boolean isApiSet() {
            return this == APISET || this == DELAY_APISET;
        }

        /** "import", "apiset", "delay", "delay-apiset", "forward". */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
