package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;

/**
 * Lookup tables are parsed a window of entries at a time; a window never reaches past the bytes
 * that lie one after another in the file, so an entry is still missing exactly when mapping its
 * own RVA finds no byte in the file.
 */
class ImportTableWindowTest {

    @Test
    void aLookupTableRunningPastItsSectionsRawDataStopsAtTheFirstEntryNotInTheFile() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(PeLayout.Section.data(0x2000, 0x200))
                .withImports(new ImportedDll("kernel32.dll", List.of(ImportedSymbol.byName(7, "Sleep")))));
        long descriptor = image.directoryOffset(DataDirectory.IMPORT);
        ByteBuffer file = ByteBuffer.wrap(image.bytes).order(ByteOrder.LITTLE_ENDIAN);
        long sleepEntry = Integer.toUnsignedLong(file.getInt((int) image.offsetOf(Integer.toUnsignedLong(file.getInt((int) descriptor)))));
        Section room = image.section(1);
        // 128 entries fill the section's 0x200 raw bytes with no zero entry; the next lies in its zero-filled tail.
        for (int i = 0; i < 128; i++) {
            image.putU4(room.pointerToRawData() + 4L * i, sleepEntry);
        }
        image.putU4(descriptor, room.virtualAddress()); // OriginalFirstThunk

        PeImage read = image.parse();

        List<pescope.pe.ImportedSymbol> symbols = read.imports().get(0).symbols();
        assertEquals(128, symbols.size());
        assertEquals("Sleep", ((pescope.pe.ImportedSymbol.ByName) symbols.get(127)).name());
        assertEquals(7, ((pescope.pe.ImportedSymbol.ByName) symbols.get(127)).hint());
        List<String> damaged = read.anomalies().stream().filter(a -> a.kind() == Kind.IMPORT_TABLE_DAMAGED)
                .map(Anomaly::message).toList();
        assertEquals(List.of(String.format("imports from kernel32.dll: lookup entry 128 at RVA 0x%X is not in the file;"
                + " 128 symbols read", room.virtualAddress() + 0x200)), damaged);
    }
}
