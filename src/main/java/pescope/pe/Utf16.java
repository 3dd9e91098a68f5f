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

    /** The same, for units given as little-endian byte pairs. */
    static String decode(byte[] units) {
        StringBuilder text = new StringBuilder(units.length / 2);
        for (int i = 0; i + 1 < units.length; i += 2) {
            char unit = (char) ((units[i] & 0xFF) | (units[i + 1] & 0xFF) << 8);
            if (unit == 0) {
                break;
            }
            text.append(unit);
        }
        return text.toString();
    }
}
