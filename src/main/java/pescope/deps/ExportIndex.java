package pescope.deps;

import java.util.HashMap;
import java.util.Map;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.ImportedSymbol;
import pescope.pe.PeImage;

/** A module's exports by name and by ordinal, as the loader looks them up. */
final class ExportIndex {
    private final Map<String, Export> byName = new HashMap<>();
    private final Map<Long, Export> byOrdinal = new HashMap<>();

    ExportIndex(PeImage image) {
        for (Export export : image.exports().map(ExportDirectory::exports).orElse(java.util.List.of())) {
            // An address slot holding 0 is a gap in the ordinal range (lld-link writes one at
            // ordinal base 0), not an export: Wine's loader and ReactOS's fail such an import.
            if (export.rva() == 0 && !export.isForwarder()) {
                continue;
            }
            byOrdinal.putIfAbsent(export.ordinal(), export);
            if (export.name() != null) {
                byName.putIfAbsent(export.name(), export);
            }
        }
    }

    /** The export a wanted symbol binds to, or null. Names compare exactly: export names are case-sensitive. */
    Export find(Wanted wanted) {
        return wanted.name() != null ? byName.get(wanted.name()) : byOrdinal.get(wanted.ordinal());
    }

    /** A symbol looked for: by name, or (name null) by ordinal. */
    record Wanted(String name, long ordinal) {

        static Wanted of(ImportedSymbol symbol) {
            if (symbol instanceof ImportedSymbol.ByName byName) {
                return new Wanted(byName.name(), -1);
            }
            return new Wanted(null, ((ImportedSymbol.ByOrdinal) symbol).ordinal());
        }

        /** The symbol part of a forwarder string: "name" or "#ordinal"; null when malformed. */
        static Wanted parseForwarded(String symbol) {
            if (symbol.isEmpty()) {
                return null;
            }
            if (!symbol.startsWith("#")) {
                return new Wanted(symbol, -1);
            }
            try {
                long ordinal = Long.parseLong(symbol.substring(1));
                return ordinal >= 0 && ordinal <= 0xFFFF ? new Wanted(null, ordinal) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** "name", or "#7" for an ordinal, as in "libA.dll!#7". */
        @Override
        public String toString() {
            return name != null ? name : "#" + ordinal;
        }
    }
}
