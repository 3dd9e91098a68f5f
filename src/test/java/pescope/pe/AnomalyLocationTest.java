package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.pe.Anomaly.Location;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;

/** Each anomaly says which structure it concerns and, where known, which bytes of the file. */
class AnomalyLocationTest {

    @Test
    void unterminatedImportDirectoryPointsAtTheDescriptorWhereReadingStopped() throws Exception {
        List<ImportedDll> dlls = new ArrayList<>();
        for (int i = 0; i <= DescriptorTable.MAX_IMPORTED_MODULES; i++) {
            dlls.add(ImportedDll.of("m" + i + ".dll", ImportedSymbol.byOrdinal(1)));
        }
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withImports(dlls));

        Anomaly stop = image.parse().anomalies().get(0);

        assertEquals(Kind.IMPORT_DIRECTORY_UNTERMINATED, stop.kind());
        long descriptor = image.directoryOffset(DataDirectory.IMPORT) + 20L * DescriptorTable.MAX_IMPORTED_MODULES;
        assertEquals(new Location("imports", descriptor, 20), stop.location());
    }

    @Test
    void delayImportAnomaliesNameTheDelayImportDirectory() throws Exception {
        List<ImportedDll> dlls = new ArrayList<>();
        for (int i = 0; i <= DescriptorTable.MAX_IMPORTED_MODULES; i++) {
            dlls.add(ImportedDll.of("m" + i + ".dll", ImportedSymbol.byOrdinal(1)));
        }
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withDelayImports(dlls));

        Anomaly stop = image.parse().anomalies().get(0);

        long descriptor = image.directoryOffset(DataDirectory.DELAY_IMPORT) + 32L * DescriptorTable.MAX_IMPORTED_MODULES;
        assertEquals(new Location("delayImports", descriptor, 32), stop.location());
    }

    @Test
    void tooManySectionsIsAFileHeaderAnomalyWithNoOffset() throws Exception {
        List<PeLayout.Section> sections = new ArrayList<>();
        for (int i = 0; i <= PeReader.LOADER_MAX_SECTIONS; i++) {
            sections.add(PeLayout.Section.data(0x200, 0x200));
        }

        Anomaly anomaly = PatchableImage.of(PeLayout.exe32().withSections(sections)).parse().anomalies().get(0);

        assertEquals(Kind.TOO_MANY_SECTIONS, anomaly.kind());
        assertEquals(Location.of(Location.FILE_HEADER), anomaly.location());
        assertEquals(false, anomaly.location().hasOffset());
    }

    @Test
    void exportCountPastTheLimitPointsAtTheExportDirectory() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withExports(new PeLayout.Exports("many.dll", 1,
                java.util.Collections.nCopies(ExportReader.MAX_EXPORTS + 1, PeLayout.ExportSlot.noname()))));
        DataDirectory directory = image.intact.directory(DataDirectory.EXPORT).orElseThrow();
        image.setDirectory(DataDirectory.EXPORT, directory.rva(), 40);

        Anomaly anomaly = image.parse().anomalies().get(0);

        assertEquals(Kind.EXPORT_TABLE_TOO_LONG, anomaly.kind());
        assertEquals(new Location("exports", image.directoryOffset(DataDirectory.EXPORT), 40), anomaly.location());
    }
}
