package pescope.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import pescope.pe.Anomaly;
import pescope.pe.DataDirectory;
import pescope.pe.Export;
import pescope.pe.ExportDirectory;
import pescope.pe.ImportedModule;
import pescope.pe.ImportedSymbol;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.pe.Section;
import pescope.testing.PeLayout;
import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeWriter;

/**
 * Every generated layout, written by {@link PeWriter}, reads back as exactly what the layout
 * describes. Expected values come from the layout; what the writer computes (addresses, file
 * pointers, SizeOfHeaders) is held to the PE specification's rules instead. Tries follow
 * {@code jqwik.tries.default} (set from {@code -Dpescope.tries}, see bench/README.md).
 */
class RoundTripProperties {

    private static final int SECTION_HEADER_SIZE = 40;
    private static final long ORDINAL_FLAG_32 = 0x80000000L;
    private static final long ORDINAL_FLAG_64 = 0x8000000000000000L;

    @Property
    void headersReadBackAsWritten(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        assertEquals(layout.eLfanew(), image.peHeaderOffset());
        var file = image.fileHeader();
        assertEquals(layout.machine(), file.machine());
        assertEquals(layout.numberOfSections(), file.numberOfSections());
        assertEquals(layout.timeDateStamp(), file.timeDateStamp());
        assertEquals(0, file.pointerToSymbolTable());
        assertEquals(0, file.numberOfSymbols());
        assertEquals(layout.effectiveSizeOfOptionalHeader(), file.sizeOfOptionalHeader());
        assertEquals(layout.characteristics(), file.characteristics());

        var optional = image.optionalHeader();
        assertEquals(layout.pe32Plus() ? 0x20B : 0x10B, optional.magic());
        assertEquals(layout.imageBase(), optional.imageBase());
        assertEquals(layout.sectionAlignment(), optional.sectionAlignment());
        assertEquals(layout.fileAlignment(), optional.fileAlignment());
        assertEquals(layout.subsystem(), optional.subsystem());
        assertEquals(layout.majorSubsystemVersion(), optional.subsystemVersion().major());
        assertEquals(layout.minorSubsystemVersion(), optional.subsystemVersion().minor());
        assertEquals(layout.dllCharacteristics(), optional.dllCharacteristics());
        assertEquals(layout.stackReserve(), optional.sizeOfStackReserve());
        assertEquals(layout.stackCommit(), optional.sizeOfStackCommit());
        assertEquals(layout.heapReserve(), optional.sizeOfHeapReserve());
        assertEquals(layout.heapCommit(), optional.sizeOfHeapCommit());
        assertEquals(layout.numberOfRvaAndSizes(), optional.numberOfRvaAndSizes());
        assertEquals(layout.pe32Plus(), optional.baseOfData() == null);
        long tableEnd = layout.eLfanew() + 24L + layout.effectiveSizeOfOptionalHeader()
                + (long) SECTION_HEADER_SIZE * layout.numberOfSections();
        assertEquals(0, optional.sizeOfHeaders() % layout.fileAlignment(), "SizeOfHeaders is FileAlignment-aligned");
        assertTrue(optional.sizeOfHeaders() >= tableEnd, "SizeOfHeaders covers the section table");
    }

    @Property
    void dataDirectoriesAreThoseTheLayoutNeeds(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        assertEquals(layout.numberOfRvaAndSizes(), image.dataDirectories().size());
        Set<Integer> present = new java.util.TreeSet<>();
        if (layout.exports().isPresent()) present.add(PeLayout.DIR_EXPORT);
        if (!layout.imports().isEmpty()) present.addAll(List.of(PeLayout.DIR_IMPORT, PeLayout.DIR_IAT));
        if (layout.baseRelocations()) present.add(PeLayout.DIR_BASERELOC);
        if (!layout.delayImports().isEmpty()) present.add(PeLayout.DIR_DELAY_IMPORT);
        present.removeIf(index -> index >= layout.numberOfRvaAndSizes());
        Set<Integer> actual = new java.util.TreeSet<>();
        for (DataDirectory directory : image.dataDirectories()) {
            if (directory.isPresent()) actual.add(directory.index());
        }
        assertEquals(present, actual);
    }

    @Property
    void sectionsReadBackAsWrittenAndPlacedByTheRules(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        List<String> names = new ArrayList<>(layout.sections().stream().map(PeLayout.Section::name).toList());
        names.addAll(layout.addedSectionNames());
        assertEquals(names, image.sections().stream().map(Section::name).toList());
        assertEquals(names, image.sections().stream().map(Section::rawName).toList());
        for (int i = 0; i < layout.sections().size(); i++) {
            PeLayout.Section meant = layout.sections().get(i);
            Section read = image.sections().get(i);
            assertEquals(i + 1, read.number());
            assertEquals(meant.virtualSize(), read.virtualSize(), "VirtualSize of " + read);
            assertEquals(meant.rawSize(), read.sizeOfRawData(), "SizeOfRawData of " + read);
            assertEquals(meant.characteristics(), read.characteristics(), "Characteristics of " + read);
        }
        // A section table laid over the optional header shares its bytes with ImageBase and the
        // alignments, so only an ordinary table must have zero COFF relocations and line numbers.
        if (layout.effectiveSizeOfOptionalHeader() >= layout.naturalSizeOfOptionalHeader()) {
            for (Section read : image.sections()) {
                assertEquals(List.of(0L, 0L, 0, 0), List.of(read.pointerToRelocations(), read.pointerToLinenumbers(),
                        read.numberOfRelocations(), read.numberOfLinenumbers()), "COFF fields of " + read);
            }
        }
        for (int i = layout.sections().size(); i < image.sections().size(); i++) {
            Section added = image.sections().get(i);
            assertTrue(added.virtualSize() > 0, added + " holds data");
            assertEquals(alignUp(added.virtualSize(), layout.fileAlignment()), added.sizeOfRawData(), "SizeOfRawData of " + added);
        }
        checkPlacement(layout, image);
    }

    /** PE specification and loader rules: contiguous, aligned, data in order; one to one below a page. */
    private static void checkPlacement(PeLayout layout, PeImage image) {
        long sizeOfHeaders = image.optionalHeader().sizeOfHeaders();
        long nextAddress = alignUp(sizeOfHeaders, layout.sectionAlignment());
        long rawEnd = sizeOfHeaders;
        for (Section s : image.sections()) {
            assertEquals(nextAddress, s.virtualAddress(), "VirtualAddress of " + s);
            if (s.sizeOfRawData() == 0) {
                assertEquals(0, s.pointerToRawData(), "PointerToRawData of " + s);
            } else if (layout.lowAlignment()) {
                assertEquals(s.virtualAddress(), s.pointerToRawData(), "PointerToRawData maps one to one in " + s);
            } else {
                assertEquals(0, s.pointerToRawData() % layout.fileAlignment(), "PointerToRawData aligned in " + s);
                assertTrue(s.pointerToRawData() >= rawEnd, "data of " + s + " follows the previous section's");
                rawEnd = s.pointerToRawData() + s.sizeOfRawData();
            }
            assertTrue(s.pointerToRawData() + s.sizeOfRawData() <= image.fileSize(), "data of " + s + " is in the file");
            long span = s.virtualSize() != 0 ? s.virtualSize() : s.sizeOfRawData();
            nextAddress = alignUp(s.virtualAddress() + span, layout.sectionAlignment());
        }
        assertEquals(layout.sizeOfImage().orElse(nextAddress), image.optionalHeader().sizeOfImage(), "SizeOfImage");
    }

    @Property
    void importsReadBackInDllOrderWithNamesHintsAndOrdinals(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        assertEquals(expectedModules(layout.imports()), modules(image.imports()));
        long ordinalFlag = layout.pe32Plus() ? ORDINAL_FLAG_64 : ORDINAL_FLAG_32;
        for (ImportedModule module : image.imports()) {
            assertEquals(false, module.delayLoaded());
            // Unbound: the address table is a copy of the lookup table.
            for (ImportedSymbol symbol : module.symbols()) {
                if (symbol instanceof ImportedSymbol.ByOrdinal byOrdinal) {
                    assertEquals(ordinalFlag | byOrdinal.ordinal(), symbol.thunkValue(), module.dllName() + " " + symbol);
                } else {
                    assertTrue(symbol.thunkValue() > 0 && symbol.thunkValue() < image.optionalHeader().sizeOfImage(),
                            module.dllName() + " " + symbol + ": slot holds the hint/name RVA");
                }
            }
        }
        assertEquals(List.of(), image.boundImports());
    }

    @Property
    void delayImportsReadBackInDllOrderWithNamesHintsAndOrdinals(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        assertEquals(expectedModules(layout.delayImports()), modules(image.delayImports()));
        long imageBase = image.optionalHeader().imageBase();
        for (ImportedModule module : image.delayImports()) {
            assertEquals(true, module.delayLoaded());
            assertEquals(1, module.tables().attributes(), "RVA-based descriptor for " + module.dllName());
            for (ImportedSymbol symbol : module.symbols()) {
                // A PE32 slot is a u4: an image based near 4 GB wraps round.
                long stub = layout.pe32Plus() ? symbol.thunkValue() - imageBase : (symbol.thunkValue() - imageBase) & 0xFFFFFFFFL;
                assertTrue(stub > 0 && stub < image.optionalHeader().sizeOfImage(),
                        module.dllName() + " " + symbol + ": slot holds the VA of a stub in the image");
            }
        }
    }

    @Property
    void exportsReadBackWithOrdinalsNamesForwardersAndNoGaps(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        assertEquals(layout.exports().isPresent(), image.exports().isPresent());
        if (layout.exports().isEmpty()) return;
        PeLayout.Exports meant = layout.exports().get();
        ExportDirectory read = image.exports().get();
        assertEquals(meant.dllName(), read.name());
        assertEquals(meant.ordinalBase(), read.ordinalBase());
        assertEquals(meant.slots().size(), read.numberOfFunctions());
        List<String> sortedNames = meant.slots().stream().flatMap(slot -> slot.name().stream()).sorted().toList();
        assertEquals(sortedNames.size(), read.numberOfNames());

        List<ExportView> expected = new ArrayList<>();
        for (int i = 0; i < meant.slots().size(); i++) {
            ExportSlot slot = meant.slots().get(i);
            if (slot instanceof ExportSlot.Gap) continue;
            String name = slot.name().orElse(null);
            // The name pointer table is sorted (the loader binary-searches it); the hint is the index there.
            int hint = name == null ? -1 : sortedNames.indexOf(name);
            String forwarder = slot instanceof ExportSlot.Forwarder f ? f.target() : null;
            expected.add(new ExportView(meant.ordinalOf(i), name, hint, forwarder));
        }
        List<ExportView> actual = read.exports().stream()
                .map(e -> new ExportView(e.ordinal(), e.name(), e.hint(), e.forwarder()))
                .sorted(Comparator.comparingLong(ExportView::ordinal))
                .toList();
        assertEquals(expected, actual);
        DataDirectory directory = image.directory(DataDirectory.EXPORT).orElseThrow();
        for (Export export : read.exports()) {
            boolean insideDirectory = export.rva() >= directory.rva() && export.rva() < directory.rva() + directory.size();
            assertEquals(export.isForwarder(), insideDirectory, "address of " + export);
            assertTrue(export.rva() > 0 && export.rva() < image.optionalHeader().sizeOfImage(), "address of " + export);
        }
    }

    @Property
    void aValidImageHasOnlyTheAnomaliesItsLayoutAsksFor(@ForAll("layouts") PeLayout layout) throws NotAPeFileException {
        PeImage image = read(layout);

        Set<Anomaly.Kind> expected = EnumSet.noneOf(Anomaly.Kind.class);
        if (layout.eLfanew() < 0x40) expected.add(Anomaly.Kind.PE_HEADER_IN_DOS_HEADER);
        if (layout.effectiveSizeOfOptionalHeader() < layout.naturalSizeOfOptionalHeader()) {
            expected.add(Anomaly.Kind.OPTIONAL_HEADER_SIZE_TOO_SMALL);
        }
        if (layout.numberOfSections() == 0) expected.add(Anomaly.Kind.NO_SECTIONS);
        if (layout.importsInHeaders() && !layout.imports().isEmpty()) expected.add(Anomaly.Kind.IMPORT_DESCRIPTOR_IN_HEADERS);
        Set<Anomaly.Kind> actual = EnumSet.noneOf(Anomaly.Kind.class);
        image.anomalies().forEach(a -> actual.add(a.kind()));
        assertEquals(expected, actual, image.anomalies().toString());
    }

    @Provide
    Arbitrary<PeLayout> layouts() {
        return SuiteInputs.layouts();
    }

    /** An import as the layout states it: by name with a hint, or by ordinal. */
    record SymbolView(String name, int hint, int ordinal) {}

    record ModuleView(String dllName, List<SymbolView> symbols) {}

    record ExportView(long ordinal, String name, int hint, String forwarder) {}

    private static List<ModuleView> expectedModules(List<PeLayout.ImportedDll> dlls) {
        return dlls.stream().map(dll -> new ModuleView(dll.name(), dll.symbols().stream().map(symbol ->
                symbol instanceof PeLayout.ImportedSymbol.ByName byName
                        ? new SymbolView(byName.name(), byName.hint(), -1)
                        : new SymbolView(null, -1, ((PeLayout.ImportedSymbol.ByOrdinal) symbol).ordinal())).toList())).toList();
    }

    private static List<ModuleView> modules(List<ImportedModule> modules) {
        return modules.stream().map(module -> new ModuleView(module.dllName(), module.symbols().stream().map(symbol ->
                symbol instanceof ImportedSymbol.ByName byName
                        ? new SymbolView(byName.name(), byName.hint(), -1)
                        : new SymbolView(null, -1, ((ImportedSymbol.ByOrdinal) symbol).ordinal())).toList())).toList();
    }

    @Property
    void baseRelocationsReadBackOnePerDelayImportSlotTypedByBitness(@ForAll("layouts") PeLayout layout)
            throws NotAPeFileException {
        PeImage image = read(layout);
        boolean written = layout.baseRelocations() && PeLayout.DIR_BASERELOC < layout.numberOfRvaAndSizes();

        assertEquals(written, image.directory(pescope.pe.BaseRelocations.class).isPresent());
        if (!written) {
            return;
        }
        pescope.pe.BaseRelocations relocations = image.directory(pescope.pe.BaseRelocations.class).orElseThrow();
        // The writer relocates each delay-import address-table slot, and pads blocks with ABSOLUTE entries.
        long slots = layout.delayImports().stream().mapToLong(dll -> dll.symbols().size()).sum();
        String type = layout.pe32Plus() ? "DIR64" : "HIGHLOW";
        long typed = relocations.countByType().getOrDefault(type, 0L);
        assertEquals(slots, typed, "relocated slots");
        assertEquals(relocations.entryCount(), typed + relocations.countByType().getOrDefault("ABSOLUTE", 0L));
        assertEquals(slots > 0, relocations.hasEffectiveRelocations());
        for (pescope.pe.BaseRelocations.Block block : relocations.blocks()) {
            assertEquals(0, block.pageRva() % 0x1000, "page-aligned block " + block.pageRva());
            assertEquals(8 + 2L * block.entries().size(), block.sizeOfBlock());
            assertEquals(0, block.sizeOfBlock() % 4, "blocks start on 32-bit boundaries");
        }
    }

    private static PeImage read(PeLayout layout) throws NotAPeFileException {
        return PeReader.everything().read("layout", ByteBuffer.wrap(PeWriter.write(layout)));
    }

    private static long alignUp(long value, long alignment) {
        return alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
    }
}
