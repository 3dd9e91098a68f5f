package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.Anomaly.Kind;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;

/**
 * Each hard limit of the reader, on a file just past it: the excess is reported as an anomaly
 * and not followed, so counts stop at the limit. Files come from the test PE writer, patched
 * where the writer would not go.
 */
class HardLimitsTest {

    private static final PeLayout.Section ROOM = PeLayout.Section.data(0x20000, 0x20000);

    @Test
    void sectionsPastTheLoadersLimitAreReportedAndStillRead() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withSections(sections(PeReader.LOADER_MAX_SECTIONS + 1))).parse();

        assertEquals(PeReader.LOADER_MAX_SECTIONS + 1, image.sections().size());
        assertEquals(List.of(finding(Kind.TOO_MANY_SECTIONS, "97 sections; the Windows loader accepts at most 96")),
                anomaliesOf(image, Kind.TOO_MANY_SECTIONS));
    }

    @Test
    void asManySectionsAsTheLoaderAcceptsAreNoAnomaly() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withSections(sections(PeReader.LOADER_MAX_SECTIONS))).parse();

        assertEquals(PeReader.LOADER_MAX_SECTIONS, image.sections().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void sectionsPastMaxSectionsAreNotRead() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(ROOM));
        image.putU2(image.intact.peHeaderOffset() + 6, 0xFFFF); // NumberOfSections; the table runs on into the data

        PeImage read = image.parse();

        assertEquals(PeReader.MAX_SECTIONS, read.sections().size());
        assertEquals(List.of(finding(Kind.TOO_MANY_SECTIONS,
                "65535 sections; the Windows loader accepts at most 96, reading the first 2048")),
                anomaliesOf(read, Kind.TOO_MANY_SECTIONS));
    }

    @Test
    void importTableLongerThanMaxImportSymbolsStopsThere() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32()
                .withImports(ordinals("big.dll", ImportSymbols.MAX_IMPORT_SYMBOLS + 1))).parse();

        assertEquals(ImportSymbols.MAX_IMPORT_SYMBOLS, image.imports().get(0).symbols().size());
        assertEquals(List.of(finding(Kind.IMPORT_TABLE_TOO_LONG, "imports from big.dll: stopped after 8192 symbols (8192 in all)")),
                findings(image));
    }

    @Test
    void importTableOfMaxImportSymbolsIsReadWhole() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32()
                .withImports(ordinals("big.dll", ImportSymbols.MAX_IMPORT_SYMBOLS))).parse();

        assertEquals(ImportSymbols.MAX_IMPORT_SYMBOLS, image.imports().get(0).symbols().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void importSymbolsInAllStopAtMaxTotalImportSymbols() throws Exception {
        int tables = ImportSymbols.MAX_TOTAL_IMPORT_SYMBOLS / ImportSymbols.MAX_IMPORT_SYMBOLS + 1;
        List<ImportedDll> dlls = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            dlls.add(ordinals("dll" + i + ".dll", ImportSymbols.MAX_IMPORT_SYMBOLS));
        }
        PeImage image = PatchableImage.of(PeLayout.exe32().withImports(dlls)).parse();

        assertEquals(tables, image.imports().size());
        assertEquals(ImportSymbols.MAX_TOTAL_IMPORT_SYMBOLS, image.imports().stream().mapToInt(m -> m.symbols().size()).sum());
        assertEquals(0, image.imports().get(tables - 1).symbols().size());
        assertEquals(List.of(finding(Kind.IMPORT_TABLE_TOO_LONG, "imports from dll32.dll: stopped after 0 symbols (262144 in all)")),
                findings(image));
        // A file too small to hold that many lookup entries stops earlier: see
        // HostileInputRegressionTest.overlappingLookupTablesReadNoMoreSymbolsThanTheFileHasEntries.
    }

    @Test
    void importDescriptorsPastMaxImportedModulesAreNotRead() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withImports(dlls(DescriptorTable.MAX_IMPORTED_MODULES + 1))).parse();

        assertEquals(DescriptorTable.MAX_IMPORTED_MODULES, image.imports().size());
        assertEquals("m4095.dll", image.imports().get(DescriptorTable.MAX_IMPORTED_MODULES - 1).dllName());
        assertEquals(List.of(finding(Kind.IMPORT_DIRECTORY_UNTERMINATED,
                "import directory: stopped after 4096 descriptors without a null descriptor")), findings(image));
    }

    @Test
    void importAndDelayImportDirectoriesOfMaxImportedModulesAreReadWhole() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withImports(dlls(DescriptorTable.MAX_IMPORTED_MODULES))
                .withDelayImports(dlls(DescriptorTable.MAX_IMPORTED_MODULES))).parse();

        assertEquals(DescriptorTable.MAX_IMPORTED_MODULES, image.imports().size());
        assertEquals(DescriptorTable.MAX_IMPORTED_MODULES, image.delayImports().size());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void delayImportDescriptorsPastMaxImportedModulesAreNotRead() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withDelayImports(dlls(DescriptorTable.MAX_IMPORTED_MODULES + 1))).parse();

        assertEquals(DescriptorTable.MAX_IMPORTED_MODULES, image.delayImports().size());
        assertEquals(List.of(finding(Kind.DELAY_IMPORT_DIRECTORY_DAMAGED,
                "delay import directory: stopped after 4096 descriptors without a null descriptor")), findings(image));
    }

    @Test
    void exportsPastMaxExportsAreNotReadWhenTheDirectoryIsTooSmallToHoldThem() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withExports(firstAndLast(ExportReader.MAX_EXPORTS + 1)));
        DataDirectory directory = image.intact.directory(DataDirectory.EXPORT).orElseThrow();
        image.setDirectory(DataDirectory.EXPORT, directory.rva(), 40); // the directory itself, not its tables

        PeImage read = image.parse();

        assertEquals(List.of(1L), exportedOrdinals(read));
        assertEquals(List.of(finding(Kind.EXPORT_TABLE_TOO_LONG,
                "export directory: NumberOfFunctions is 65537; reading the first 65536")), findings(read));
    }

    @Test
    void exportsPastMaxExportsAreReadWhenTheDirectoryHoldsThem() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withExports(firstAndLast(ExportReader.MAX_EXPORTS + 1))).parse();

        assertEquals(List.of(1L, (long) ExportReader.MAX_EXPORTS + 1), exportedOrdinals(image));
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void exportsPastMaxExportsAbsoluteAreNotReadWhateverTheDirectorySays() throws Exception {
        PeImage image = PatchableImage.of(PeLayout.exe32().withExports(firstAndLast(ExportReader.MAX_EXPORTS_ABSOLUTE + 1))).parse();

        assertEquals(List.of(1L), exportedOrdinals(image));
        assertEquals(List.of(finding(Kind.EXPORT_TABLE_TOO_LONG,
                "export directory: NumberOfFunctions is 1048577; reading the first 1048576")), findings(image));
    }

    @Test
    void importedNamesPastMaxNameLengthAreCutThereAndReported() throws Exception {
        String longName = "F".repeat(ParseContext.MAX_NAME_LENGTH + 1);
        PeImage image = PatchableImage.of(PeLayout.exe32()
                .withImports(ImportedDll.of("x.dll", ImportedSymbol.byName(7, longName)))).parse();

        var read = (pescope.pe.ImportedSymbol.ByName) image.imports().get(0).symbols().get(0);
        assertEquals(longName.substring(0, ParseContext.MAX_NAME_LENGTH), read.name());
        assertEquals(1, anomaliesOf(image, Kind.NAME_TOO_LONG).size(), image.anomalies().toString());
        assertTrue(anomaliesOf(image, Kind.NAME_TOO_LONG).get(0).message().endsWith(
                "runs past 512 bytes without a terminator; read up to there"));
    }

    @Test
    void namesOfMaxNameLengthAreReadWhole() throws Exception {
        String dll = "D".repeat(ParseContext.MAX_NAME_LENGTH - 4) + ".dll";
        String function = "F".repeat(ParseContext.MAX_NAME_LENGTH);
        PeImage image = PatchableImage.of(PeLayout.exe32()
                .withImports(ImportedDll.of(dll, ImportedSymbol.byName(7, function)))).parse();

        assertEquals(dll, image.imports().get(0).dllName());
        assertEquals(function, ((pescope.pe.ImportedSymbol.ByName) image.imports().get(0).symbols().get(0)).name());
        assertEquals(List.of(), image.anomalies());
    }

    @Test
    void dllAndExportNamesPastMaxNameLengthAreReported() throws Exception {
        String longName = "N".repeat(ParseContext.MAX_NAME_LENGTH + 100);
        PeImage image = PatchableImage.of(PeLayout.exe32()
                .withImports(ImportedDll.of(longName, ImportedSymbol.byOrdinal(1)))
                .withExports(new PeLayout.Exports(longName, 1, List.of(ExportSlot.function(longName))))).parse();

        String cut = longName.substring(0, ParseContext.MAX_NAME_LENGTH);
        assertEquals(cut, image.imports().get(0).dllName());
        assertEquals(cut, image.exports().orElseThrow().name());
        assertEquals(cut, image.exports().orElseThrow().exports().get(0).name());
        assertEquals(3, anomaliesOf(image, Kind.NAME_TOO_LONG).size(), image.anomalies().toString());
    }

    @Test
    void sectionNamesPastMaxSectionNameAreReported() throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(new PeLayout.Section("/4", 0x1000, 0x1000, 0x40000040L)));
        Section data = image.section(1);
        // A COFF string table in the section's data: a u4 size, then the name at offset 4.
        byte[] name = "L".repeat(PeReader.MAX_SECTION_NAME + 1).getBytes(StandardCharsets.ISO_8859_1);
        image.putU4(image.intact.peHeaderOffset() + 12, data.pointerToRawData()) // PointerToSymbolTable
                .putU4(image.intact.peHeaderOffset() + 16, 0)                   // NumberOfSymbols
                .putU4(data.pointerToRawData(), 4 + name.length + 1)
                .put(data.pointerToRawData() + 4, name)
                .put(data.pointerToRawData() + 4 + name.length, new byte[1]);

        PeImage read = image.parse();

        assertEquals("L".repeat(PeReader.MAX_SECTION_NAME), read.sections().get(0).name());
        assertEquals(List.of(finding(Kind.NAME_TOO_LONG, "section name /4 runs past 512 bytes without a terminator; read up to there")),
                findings(read));
    }

    @Test
    void boundImportEntriesPastMaxBoundEntriesAreNotRead() throws Exception {
        PeImage read = boundImports(BoundImportReader.MAX_BOUND_ENTRIES + 1).parse();

        assertEquals(BoundImportReader.MAX_BOUND_ENTRIES, read.boundImports().size());
        assertEquals(new BoundImport("bound.dll", 0x5F5E1000L, List.of()), read.boundImports().get(0));
        assertEquals(List.of(finding(Kind.BOUND_IMPORT_DIRECTORY_DAMAGED,
                "bound import directory: stopped after 4096 entries without a null entry")),
                anomaliesOf(read, Kind.BOUND_IMPORT_DIRECTORY_DAMAGED));
    }

    @Test
    void boundImportDirectoryOfMaxBoundEntriesIsReadWhole() throws Exception {
        PeImage read = boundImports(BoundImportReader.MAX_BOUND_ENTRIES).parse();

        assertEquals(BoundImportReader.MAX_BOUND_ENTRIES, read.boundImports().size());
        assertEquals(List.of(), anomaliesOf(read, Kind.BOUND_IMPORT_DIRECTORY_DAMAGED));
    }

    /** A bound import directory of {@code entries} entries and its null entry, in a data section. */
    private static PatchableImage boundImports(int entries) throws Exception {
        PatchableImage image = PatchableImage.of(PeLayout.exe32().withSections(ROOM));
        Section data = image.section(1);
        int nameOffset = 8 * (entries + 1);
        for (int i = 0; i < entries; i++) {
            long at = data.pointerToRawData() + 8L * i;
            image.putU4(at, 0x5F5E1000L).putU2(at + 4, nameOffset).putU2(at + 6, 0);
        }
        image.put(data.pointerToRawData() + 8L * entries, new byte[8])
                .put(data.pointerToRawData() + nameOffset, "bound.dll\0".getBytes(StandardCharsets.US_ASCII))
                // The bound import directory is addressed by file offset.
                .setDirectory(DataDirectory.BOUND_IMPORT, data.pointerToRawData(), nameOffset + 10);
        return image;
    }

    private static List<PeLayout.Section> sections(int count) {
        List<PeLayout.Section> sections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sections.add(PeLayout.Section.data(0x200, 0x200));
        }
        return sections;
    }

    private static ImportedDll ordinals(String dll, int count) {
        List<ImportedSymbol> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            symbols.add(ImportedSymbol.byOrdinal(1 + i % 0xFFFF));
        }
        return new ImportedDll(dll, symbols);
    }

    private static List<ImportedDll> dlls(int count) {
        List<ImportedDll> dlls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dlls.add(ImportedDll.of("m" + i + ".dll", ImportedSymbol.byOrdinal(1)));
        }
        return dlls;
    }

    /** Ordinals 1 to {@code count}: the first and the last exported by ordinal only, gaps between. */
    private static PeLayout.Exports firstAndLast(int count) {
        List<ExportSlot> slots = new ArrayList<>(Collections.nCopies(count, ExportSlot.gap()));
        slots.set(0, ExportSlot.noname());
        slots.set(count - 1, ExportSlot.noname());
        return new PeLayout.Exports("many.dll", 1, slots);
    }

    private static List<Long> exportedOrdinals(PeImage image) {
        return image.exports().orElseThrow().exports().stream().map(Export::ordinal).sorted().toList();
    }

    private static List<Finding> anomaliesOf(PeImage image, Kind kind) {
        return findings(image).stream().filter(a -> a.kind() == kind).toList();
    }

    /** An anomaly's kind and message: what these tests pin (AnomalyLocationTest pins where). */
    private record Finding(Kind kind, String message) {}

    private static Finding finding(Kind kind, String message) {
        return new Finding(kind, message);
    }

    private static List<Finding> findings(PeImage image) {
        return image.anomalies().stream().map(a -> new Finding(a.kind(), a.message())).toList();
    }
}
