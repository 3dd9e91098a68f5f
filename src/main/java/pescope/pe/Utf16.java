package pescope.pe;

import java.util.List;

/** Text stored as UTF-16 code units (resource names, version strings). */
final class Utf16 {

    private Utf16() {}

    /**
     * The units up to the first 0 unit, as a Java string. Unpaired surrogates are kept as they
     * are: they are what the file says, and the renderers escape them.
     */
    static String decode(List<Integer> units) {
        StringBuilder text = new StringBuilder(units.size());
        for (int unit : units) {
            if (unit == 0) {
                break;
            }
            text.append((char) unit);
        }
        return text.toString();
    }
}
