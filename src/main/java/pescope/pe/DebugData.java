package pescope.pe;

import java.util.List;

/** What the data of a debug entry says, for the types pescope decodes. */
public sealed interface DebugData
        permits DebugData.CodeView, DebugData.Pogo, DebugData.VcFeature, DebugData.Repro,
                DebugData.ExDllCharacteristics {

    /**
     * A CodeView record naming the PDB. {@code format} is "RSDS" (PDB 7.0: GUID and age) or
     * "NB10" (PDB 2.0: a time-stamp signature and age; {@code guid} is null).
     */
    record CodeView(String format, String guid, long signature, long age, String pdbPath) implements DebugData {
        public static final String RSDS = "RSDS";
        public static final String NB10 = "NB10";
    }

    /** Profile-guided-optimisation data: its signature ("LTCG", "PGU"...) and the ranges it lists. */
    record Pogo(long signature, List<PogoEntry> entries) implements DebugData {
        public Pogo {
            entries = List.copyOf(entries);
        }

        /** The signature's name as dumpbin prints it after the hex value, or null for an unknown one. */
        public String signatureName() {
            return switch ((int) signature) {
                case 0x4C544347 -> "LTCG";
                case 0x50475500 -> "PGU";
                case 0x50474900 -> "PGI";
                case 0x50474F00 -> "PGO";
                default -> null;
            };
        }
    }

    record PogoEntry(long rva, long size, String name) {}

    /** Object-file counts of the MSVC toolset, printed by dumpbin as "Counts:". */
    record VcFeature(long preVc11, long cAndCpp, long gs, long sdl, long guardN) implements DebugData {}

    /** The hash a /Brepro link wrote instead of a time stamp; empty when the entry has no data. */
    record Repro(byte[] hash) implements DebugData {
        public Repro {
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }
    }

    /** IMAGE_DLLCHARACTERISTICS_EX_* flags: CET compatibility and its modes. */
    record ExDllCharacteristics(long flags) implements DebugData {
        public static final int CET_COMPAT = 0x01;
    }
}
