package pescope.pe;

import java.util.List;
import java.util.Optional;

/** The debug directory: its entries in table order. */
public record DebugDirectory(List<DebugEntry> entries) {

    public DebugDirectory {
        entries = List.copyOf(entries);
    }

    /** The first CodeView record, the one debuggers use to find the PDB. */
    public Optional<DebugData.CodeView> codeView() {
        return entries.stream().map(DebugEntry::data).flatMap(Optional::stream)
                .filter(DebugData.CodeView.class::isInstance).map(DebugData.CodeView.class::cast).findFirst();
    }

    /**
     * A REPRO entry means the linker ran with /Brepro: the time stamps in the COFF header and in
     * the directories are a hash of the image, not a date.
     */
    public boolean isReproducible() {
        return entries.stream().anyMatch(e -> e.type() == DebugEntry.REPRO);
    }

    /** The extended DLL characteristics (CET compatibility and the rest), when an entry carries them. */
    public Optional<DebugData.ExDllCharacteristics> exDllCharacteristics() {
        return entries.stream().map(DebugEntry::data).flatMap(Optional::stream)
                .filter(DebugData.ExDllCharacteristics.class::isInstance)
                .map(DebugData.ExDllCharacteristics.class::cast).findFirst();
    }
}
