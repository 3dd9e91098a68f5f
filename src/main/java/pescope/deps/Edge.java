package pescope.deps;

/** "{@code from} needs {@code to}", and why. */
public record Edge(ModuleNode from, ModuleNode to, Kind kind) {

    public enum Kind {
        /** An entry of the import directory: loaded with the importer. */
        IMPORT,
        /** An entry of the delay-import directory: loaded on the first call. */
        DELAY,
        /** A forwarded export that some importer uses: loaded to snap that import. */
        FORWARD;

        /** Loaded when the module that needs it loads, not later. */
        public boolean isImplicit() {
            return this != DELAY;
        }

        /** "import", "delay", "forward". */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
