package pescope.report;

/** Text taken from a file, made safe to print on a terminal. */
final class Text {

    private Text() {}

    /**
     * Through the one terminal escaping every text renderer uses; a tab (common in manifests and
     * version strings) becomes four spaces first, since the text layout uses no tabs.
     */
    static String printable(String text) {
        return TerminalText.escape(text.replace("\t", "    "));
    }
}
