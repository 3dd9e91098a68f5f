package pescope.deps;

/**
 * An import that no export satisfies: {@code importer → dll!symbol}.
 *
 * @param dll       the DLL name as the importer wrote it
 * @param symbol    the imported name, or "#n" for an import by ordinal
 * @param detail    the forwarder chain followed ("libD.dll!x → libE.dll!y"), or the reason the
 *                  forwarder's target did not load; empty when the name is simply not exported
 * @param delayLoad true when the failure happens at a delay-load (a delay import, or an importer
 *                  that itself is reached only through delay loads), not when the root starts
 */
public record MissingExport(ModuleNode importer, String dll, String symbol, Reason reason, String detail, boolean delayLoad) {

    public enum Reason {
        /** The module has no export of that name or ordinal (STATUS_ENTRYPOINT_NOT_FOUND, error 127). */
        NOT_EXPORTED("not exported"),
        /** A forwarder points to a module that exports no such symbol. */
        FORWARD_NOT_EXPORTED("forwarded to a module that does not export it"),
        /** A forwarder points to a module that is missing, of the wrong machine or unreadable. */
        FORWARD_TARGET_NOT_LOADED("forwarded to a module that does not load"),
        /** Forwarders lead back to an export already on the chain. */
        FORWARDER_LOOP("forwarder loop"),
        /** More than {@link DependencyResolver#MAX_FORWARDER_CHAIN} forwarders in a row. */
        FORWARDER_CHAIN_TOO_LONG("forwarder chain too long"),
        /** A forwarder string that is not "DLL.name" or "DLL.#n". */
        FORWARDER_MALFORMED("malformed forwarder");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** The reason for people: "forwarder loop". */
        public String words() {
            return words;
        }

        /** The reason for scripts: "forwarder-loop". */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** "importer → dll!symbol", with the arrow given (the CLI falls back to "->" on ASCII terminals). */
    public String describe(String arrow) {
        return importer.name() + " " + arrow + " " + dll + "!" + symbol;
    }
}
