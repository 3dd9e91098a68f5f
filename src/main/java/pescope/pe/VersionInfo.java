package pescope.pe;

import java.util.List;
import java.util.Map;

/**
 * An RT_VERSION resource: VS_FIXEDFILEINFO's fields, every StringFileInfo table keyed by
 * language and code page ("040904B0"), and the VarFileInfo translations in the same form.
 * Maps keep the file's order.
 */
public record VersionInfo(
        long fileVersionMs,
        long fileVersionLs,
        long productVersionMs,
        long productVersionLs,
        long fileFlagsMask,
        long fileFlags,
        long fileOS,
        long fileType,
        long fileSubtype,
        boolean hasFixedInfo,
        Map<String, Map<String, String>> strings,
        List<String> translations) {

    /** VS_FIXEDFILEINFO.dwSignature. */
    public static final long FIXED_INFO_SIGNATURE = 0xFEEF04BDL;

    public VersionInfo {
        strings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(strings));
        translations = List.copyOf(translations);
    }

    /** "a.b.c.d" from the two 32-bit halves, as Explorer shows it. */
    public String fileVersion() {
        return dotted(fileVersionMs, fileVersionLs);
    }

    public String productVersion() {
        return dotted(productVersionMs, productVersionLs);
    }

    private static String dotted(long ms, long ls) {
        return (ms >>> 16) + "." + (ms & 0xFFFF) + "." + (ls >>> 16) + "." + (ls & 0xFFFF);
    }
}
