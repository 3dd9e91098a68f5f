package pescope.pe;

/**
 * One exported function. {@code name} is null for exports by ordinal only (NONAME);
 * {@code forwarder} ("DLL.Symbol" or "DLL.#n") is null unless the address points back into the
 * export directory, in which case {@code rva} is where that forwarder string sits.
 * {@code hint} is the index into the name pointer table, or -1 when unnamed.
 */
public record Export(long ordinal, String name, int hint, long rva, String forwarder) {

    public boolean isForwarder() {
        return forwarder != null;
    }
}
