package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;

/**
 * Directories damaged on purpose in our own testdata images: the intact parts must survive and
 * the damage must be reported. Offsets are found through the parsed, undamaged image, and the
 * undamaged values were checked against pefile by the golden-file test.
 */
class DamagedDirectoryTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));
    private static final Path IMPORTER = TESTDATA.resolve("bin/impexp/x64/importer.exe");
    private static final Path EXPORTER = TESTDATA.resolve("bin/impexp/x64/exporter.dll");
    private static final int DESCRIPTOR = 20;

    @Test
    void descriptorWithUnreadableNameIsSkippedAndTheNextOneKept() throws Exception {
        byte[] bytes = Files.readAllBytes(IMPORTER);
        long table = importTableOffset(bytes);
        putU4(bytes, table + 12, 0x7FFFFFF0L); // descriptor 0: Name RVA far outside the image
        PeImage image = parse(bytes);
        assertEquals(List.of("kernel32.dll"), dllNames(image.imports()));
        assertTrue(has(image, Kind.IMPORT_DESCRIPTOR_DAMAGED), image.anomalies().toString());
    }

    @Test
    void tableWithoutANullDescriptorKeepsEveryDescriptorBeforeTheGarbage() throws Exception {
        byte[] bytes = Files.readAllBytes(IMPORTER);
        long table = importTableOffset(bytes);
        // Replace the terminator with a descriptor whose RVAs all lie outside the file.
        for (int field = 0; field < 5; field++) {
            putU4(bytes, table + 2 * DESCRIPTOR + field * 4L, 0x7FFF0000L + field);
        }
        PeImage image = parse(bytes);
        assertEquals(List.of("exporter.dll", "kernel32.dll"), dllNames(image.imports()));
        assertEquals(5, image.imports().get(0).symbols().size());
        assertTrue(has(image, Kind.IMPORT_DESCRIPTOR_DAMAGED), image.anomalies().toString());
    }

    @Test
    void missingLookupTableFallsBackToTheAddressTable() throws Exception {
        byte[] bytes = Files.readAllBytes(IMPORTER);
        PeImage intact = parse(bytes);
        putU4(bytes, importTableOffset(bytes), 0); // descriptor 0: OriginalFirstThunk = 0
        PeImage image = parse(bytes);
        assertEquals(intact.imports().get(0).symbols().stream().map(DamagedDirectoryTest::describe).toList(),
                image.imports().get(0).symbols().stream().map(DamagedDirectoryTest::describe).toList());
        assertTrue(has(image, Kind.IAT_ONLY_IMPORTS));
    }

    @Test
    void fileCutInsideTheImportDescriptorsStillReadsTheHeaders() throws Exception {
        byte[] bytes = Files.readAllBytes(IMPORTER);
        long table = importTableOffset(bytes);
        byte[] cut = java.util.Arrays.copyOf(bytes, (int) table + DESCRIPTOR + 4);
        PeImage image = parse(cut);
        assertEquals(parse(bytes).sections(), image.sections());
        assertTrue(has(image, Kind.SECTION_RAW_DATA_PAST_EOF));
        assertTrue(has(image, Kind.IMPORT_DIRECTORY_UNTERMINATED) || has(image, Kind.IMPORT_DESCRIPTOR_DAMAGED),
                image.anomalies().toString());
    }

    @Test
    void importTableCutOffByTheEndOfTheFileKeepsTheDllsBeforeTheCut() throws Exception {
        // Its .idata section has 0x10C bytes of file slack to move the descriptors into.
        byte[] bytes = Files.readAllBytes(TESTDATA.resolve("bin/gcc-x64.exe"));
        PeImage intact = parse(bytes);
        long tableRva = intact.directory(DataDirectory.IMPORT).orElseThrow().rva();
        long table = offsetOf(intact, tableRva);
        Section rdata = intact.sections().stream()
                .filter(s -> tableRva >= s.virtualAddress() && tableRva < s.virtualAddress() + s.virtualSize())
                .findFirst().orElseThrow();
        // Move the descriptors (two and the terminator) into the section's file slack, past the
        // names and lookup tables they point at, and grow the section's virtual size to cover them.
        long copyOffsetInSection = (rdata.virtualSize() + 3) & ~3L;
        assertTrue(copyOffsetInSection + 3 * DESCRIPTOR <= rdata.sizeOfRawData(), "needs slack at the end of .rdata");
        long copy = rdata.pointerToRawData() + copyOffsetInSection;
        System.arraycopy(bytes, (int) table, bytes, (int) copy, 3 * DESCRIPTOR);
        long sectionHeader = intact.peHeaderOffset() + 24 + intact.fileHeader().sizeOfOptionalHeader()
                + 40L * (rdata.number() - 1);
        putU4(bytes, sectionHeader + 8, copyOffsetInSection + 3 * DESCRIPTOR);
        long importDirectoryEntry = intact.peHeaderOffset() + 24 + (intact.optionalHeader().isPe32Plus() ? 112 : 96) + 8;
        putU4(bytes, importDirectoryEntry, rdata.virtualAddress() + copyOffsetInSection);
        // The download stops in the middle of the second descriptor.
        byte[] cut = java.util.Arrays.copyOf(bytes, (int) (copy + DESCRIPTOR + 8));

        PeImage image = parse(cut);
        assertEquals(List.of(intact.imports().get(0).dllName()), dllNames(image.imports()));
        assertEquals(intact.imports().get(0).symbols(), image.imports().get(0).symbols());
        Anomaly stop = image.anomalies().stream().filter(a -> a.kind() == Kind.IMPORT_DIRECTORY_UNTERMINATED)
                .findFirst().orElseThrow(() -> new AssertionError(image.anomalies().toString()));
        assertEquals(String.format("import directory: descriptor 1 at RVA 0x%X is not in the file; 1 read",
                rdata.virtualAddress() + copyOffsetInSection + DESCRIPTOR), stop.message());
    }

    @Test
    void hugeExportCountsAreBoundedByTheFileNotTrusted() throws Exception {
        byte[] bytes = Files.readAllBytes(EXPORTER);
        PeImage intact = parse(bytes);
        long directory = offsetOf(intact, intact.directory(DataDirectory.EXPORT).orElseThrow().rva());
        putU4(bytes, directory + 20, 0xFFFFFFFFL); // NumberOfFunctions
        putU4(bytes, directory + 24, 0xFFFFFFFFL); // NumberOfNames
        PeImage image = parse(bytes);
        assertTrue(has(image, Kind.EXPORT_TABLE_TOO_LONG), image.anomalies().toString());
        assertTrue(has(image, Kind.EXPORT_DIRECTORY_DAMAGED), image.anomalies().toString());
        // The real exports are still there; whatever follows the tables in the file is garbage.
        var names = image.exports().orElseThrow().exports().stream().map(Export::name).toList();
        assertTrue(names.containsAll(List.of("ByName", "ByNameAndOrdinal", "DataExport")), names.toString());
    }

    private static String describe(ImportedSymbol symbol) {
        return symbol instanceof ImportedSymbol.ByName n ? n.name() + "/" + n.hint()
                : "#" + ((ImportedSymbol.ByOrdinal) symbol).ordinal();
    }

    private static long importTableOffset(byte[] bytes) throws Exception {
        PeImage image = parse(bytes);
        return offsetOf(image, image.directory(DataDirectory.IMPORT).orElseThrow().rva());
    }

    private static long offsetOf(PeImage image, long rva) {
        var h = image.optionalHeader();
        return new RvaMapper(image.sections(), h.sectionAlignment(), h.fileAlignment(), h.sizeOfHeaders(), image.fileSize())
                .mapRvaToOffset(rva);
    }

    private static PeImage parse(byte[] bytes) throws NotAPeFileException {
        return PeReader.everything().read("test", ByteBuffer.wrap(bytes));
    }

    private static List<String> dllNames(List<ImportedModule> modules) {
        return modules.stream().map(ImportedModule::dllName).toList();
    }

    private static boolean has(PeImage image, Kind kind) {
        return image.anomalies().stream().anyMatch(a -> a.kind() == kind);
    }

    private static void putU4(byte[] bytes, long offset, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset, (int) value);
    }
}
