package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeWriter;

/** The directory registry names every data directory once, and the reader reads what is selected from it. */
class DirectoryRegistryTest {

    @Test
    void namesAllSixteenDataDirectoriesEachAtItsOwnIndex() {
        assertEquals(16, Directory.values().length);
        for (int i = 0; i < 16; i++) {
            assertEquals(i, Directory.byIndex(i).index());
        }
        // The titles dumpbin prints, in header order (PE/COFF specification, "Optional Header Data Directories").
        assertEquals(List.of("Export", "Import", "Resource", "Exception", "Certificates", "Base Relocation",
                "Debug", "Architecture", "Global Pointer", "Thread Storage", "Load Configuration",
                "Bound Import", "Import Address Table", "Delay Import", "COM Descriptor", "Reserved"),
                DataDirectory.NAMES);
        assertEquals(16, Arrays.stream(Directory.values()).map(Directory::key).distinct().count());
    }

    @Test
    void onlyTheCertificateTableIsAddressedByFileOffset() {
        assertEquals(List.of(Directory.CERTIFICATES), Arrays.stream(Directory.values())
                .filter(d -> d.addressing() == Directory.Addressing.FILE_OFFSET).toList());
    }

    @Test
    void everythingReadsEachDirectoryThatHasAReader() {
        assertEquals(EnumSet.of(Directory.IMPORT, Directory.DELAY_IMPORT, Directory.BOUND_IMPORT, Directory.EXPORT),
                Directory.allRead());
    }

    @Test
    void aDirectoryNotSelectedIsNotRead() throws Exception {
        PeLayout layout = PeLayout.exe32().withImports(List.of(ImportedDll.of("kernel32.dll", ImportedSymbol.byOrdinal(1))));
        ByteBuffer bytes = ByteBuffer.wrap(PeWriter.write(layout));

        PeImage headers = PeReader.headersOnly().read("x", bytes);
        PeImage imports = new PeReader(Set.of(Directory.IMPORT)).read("x", bytes);

        assertFalse(headers.directory(Imports.class).isPresent());
        assertTrue(imports.directory(Imports.class).isPresent());
        assertEquals("kernel32.dll", imports.imports().get(0).dllName());
        assertEquals(imports.imports(), imports.directory(Imports.class).orElseThrow().modules());
    }
}
