package pescope.pe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * pefile's imphash: the MD5 of "dll.function" for every import-directory symbol in file order,
 * lower case, joined by commas; the DLL loses a ".dll", ".ocx" or ".sys" ending; an import by
 * ordinal is named from pefile's tables for ws2_32, wsock32 and oleaut32, else "ord<n>".
 * Delay imports do not count. An image without imports hashes to "".
 */
final class Imphash {

    private static final Map<String, Map<Integer, String>> ORDINAL_NAMES = loadOrdinalNames();

    private Imphash() {}

    static String of(List<ImportedModule> imports) {
        if (imports.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(",");
        for (ImportedModule module : imports) {
            String dll = module.dllName().toLowerCase(Locale.ROOT);
            String library = withoutLibraryExtension(dll);
            for (ImportedSymbol symbol : module.symbols()) {
                String function = symbol instanceof ImportedSymbol.ByName byName
                        ? byName.name()
                        : ordinalName(dll, ((ImportedSymbol.ByOrdinal) symbol).ordinal());
                if (!function.isEmpty()) {
                    joined.add(library + "." + function.toLowerCase(Locale.ROOT));
                }
            }
        }
        return md5(joined.toString());
    }

    private static String withoutLibraryExtension(String dll) {
        int dot = dll.lastIndexOf('.');
        if (dot < 0) {
            return dll;
        }
        String extension = dll.substring(dot + 1);
        return extension.equals("dll") || extension.equals("ocx") || extension.equals("sys") ? dll.substring(0, dot) : dll;
    }

    static String ordinalName(String lowerCaseDll, int ordinal) {
        Map<Integer, String> names = ORDINAL_NAMES.get(lowerCaseDll.equals("wsock32.dll") ? "ws2_32.dll" : lowerCaseDll);
        String name = names == null ? null : names.get(ordinal);
        return name != null ? name : "ord" + ordinal;
    }

    private static String md5(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private static Map<String, Map<Integer, String>> loadOrdinalNames() {
        Map<String, Map<Integer, String>> tables = new HashMap<>();
        try (InputStream in = Imphash.class.getResourceAsStream("imphash-ordinals.txt");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(" ");
                tables.computeIfAbsent(fields[0], k -> new HashMap<>()).put(Integer.parseInt(fields[1]), fields[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("imphash-ordinals.txt is part of the jar", e);
        }
        return tables;
    }
}
