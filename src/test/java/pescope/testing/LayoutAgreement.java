package pescope.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeLayout.Section;
import pescope.testing.ToolReport.ExportKind;
import pescope.testing.ToolReport.SeenExport;
import pescope.testing.ToolReport.SeenImport;
import pescope.testing.ToolReport.SeenSection;
import pescope.testing.ToolReport.SeenSymbol;

/**
 * Compares what a tool reports with what the layout describes. Values the writer computes are
 * checked against the PE spec's rules (contiguous sections, alignments, SizeOfImage), not
 * against the writer's own arithmetic.
 */
final class LayoutAgreement {
    private static final int SECTION_HEADER_SIZE = 40;

    /** pefile heuristics that fire on valid images; anything else it warns about is a mismatch. */
    private static final List<String> BENIGN_PEFILE_WARNINGS = List.of(
            "Byte 0x",                         // byte histogram: a small image is mostly zeros
            "Suspicious flags set for section"); // a writable and executable section, as packers make

    /**
     * pefile's complaints about an entry point outside every section: 0, as a DLL may have, or
     * in the headers, as when the section table lies on AddressOfEntryPoint.
     */
    private static final List<String> NO_ENTRY_POINT_WARNINGS = List.of(
            "SizeOfHeaders is smaller than AddressOfEntryPoint",
            "AddressOfEntryPoint lies outside the sections' boundaries");

    private final PeLayout layout;
    private final ToolReport seen;
    private final long entryPoint;
    private final List<String> mismatches = new ArrayList<>();

    private LayoutAgreement(PeLayout layout, ToolReport seen, long entryPoint) {
        this.layout = layout;
        this.seen = seen;
        this.entryPoint = entryPoint;
    }

    /** Each difference between the layout and the report, as a sentence; empty when they agree. */
    static List<String> mismatches(PeLayout layout, ToolReport seen, long entryPoint) {
        var agreement = new LayoutAgreement(layout, seen, entryPoint);
        agreement.checkComplaints();
        agreement.checkFileHeader();
        agreement.checkOptionalHeader();
        agreement.checkDataDirectories();
        agreement.checkSections();
        agreement.checkPlacement();
        if (seen.parsedDirectories().contains(PeLayout.DIR_IMPORT)) {
            agreement.checkImports("import", layout.imports(), seen.imports(), false);
        }
        if (seen.parsedDirectories().contains(PeLayout.DIR_DELAY_IMPORT)) {
            agreement.checkImports("delay import", layout.delayImports(), seen.delayImports(), true);
        }
        if (seen.parsedDirectories().contains(PeLayout.DIR_EXPORT)) agreement.checkExports();
        if (seen.parsedDirectories().contains(PeLayout.DIR_BASERELOC)) agreement.checkRelocations();
        return agreement.mismatches;
    }

    private void checkComplaints() {
        for (String complaint : seen.complaints()) {
            boolean benign = BENIGN_PEFILE_WARNINGS.stream().anyMatch(complaint::startsWith)
                    || !entryPointInASection() && NO_ENTRY_POINT_WARNINGS.stream().anyMatch(complaint::startsWith);
            if (!benign) mismatches.add(seen.tool() + " complains: " + complaint);
        }
        seen.checksumValid().ifPresent(valid -> check("CheckSum verifies", valid));
    }

    private boolean entryPointInASection() {
        return seen.sections().stream().anyMatch(s -> entryPoint >= s.virtualAddress()
                && entryPoint < s.virtualAddress() + Math.max(s.virtualSize(), s.rawSize()));
    }

    private void checkFileHeader() {
        expect("e_lfanew", layout.eLfanew(), seen.eLfanew());
        expect("Machine", layout.machine(), seen.machine());
        expect("NumberOfSections", layout.numberOfSections(), seen.numberOfSections());
        expect("TimeDateStamp", layout.timeDateStamp(), seen.timeDateStamp());
        expect("SizeOfOptionalHeader", layout.effectiveSizeOfOptionalHeader(), seen.sizeOfOptionalHeader());
        expect("Characteristics", layout.characteristics(), seen.characteristics());
    }

    private void checkOptionalHeader() {
        expect("Magic", layout.pe32Plus() ? 0x20B : 0x10B, seen.magic());
        expect("ImageBase", layout.imageBase(), seen.imageBase());
        expect("SectionAlignment", layout.sectionAlignment(), seen.sectionAlignment());
        expect("FileAlignment", layout.fileAlignment(), seen.fileAlignment());
        expect("MajorSubsystemVersion", layout.majorSubsystemVersion(), seen.majorSubsystemVersion());
        expect("MinorSubsystemVersion", layout.minorSubsystemVersion(), seen.minorSubsystemVersion());
        expect("Subsystem", layout.subsystem(), seen.subsystem());
        expect("DllCharacteristics", layout.dllCharacteristics(), seen.dllCharacteristics());
        expect("SizeOfStackReserve", layout.stackReserve(), seen.stackReserve());
        expect("SizeOfStackCommit", layout.stackCommit(), seen.stackCommit());
        expect("SizeOfHeapReserve", layout.heapReserve(), seen.heapReserve());
        expect("SizeOfHeapCommit", layout.heapCommit(), seen.heapCommit());
        expect("NumberOfRvaAndSizes", layout.numberOfRvaAndSizes(), seen.numberOfRvaAndSizes());
    }

    private void checkDataDirectories() {
        expect("data directory count", layout.numberOfRvaAndSizes(), seen.dataDirectories().size());
        checkDirectory(PeLayout.DIR_EXPORT, "export", layout.exports().isPresent());
        checkDirectory(PeLayout.DIR_IMPORT, "import", !layout.imports().isEmpty());
        checkDirectory(PeLayout.DIR_BASERELOC, "base relocation", layout.baseRelocations());
        checkDirectory(PeLayout.DIR_IAT, "IAT", !layout.imports().isEmpty());
        checkDirectory(PeLayout.DIR_DELAY_IMPORT, "delay import", !layout.delayImports().isEmpty());
        for (int i = 0; i < seen.dataDirectories().size(); i++) {
            if (List.of(0, 1, 5, 12, 13).contains(i)) continue;
            check("data directory " + i + " is empty", seen.dataDirectories().get(i).equals(DataDirectory.NONE));
        }
        if (layout.importsInHeaders() && !layout.imports().isEmpty()) {
            DataDirectory imports = seen.dataDirectories().get(PeLayout.DIR_IMPORT);
            check("import directory lies in the headers", imports.rva() + imports.size() <= seen.sizeOfHeaders());
        }
    }

    private void checkDirectory(int index, String name, boolean present) {
        if (index >= seen.dataDirectories().size()) return;
        DataDirectory directory = seen.dataDirectories().get(index);
        check(name + " directory " + (present ? "present" : "absent"), present == (directory.rva() != 0 && directory.size() != 0));
    }

    private void checkSections() {
        List<String> added = layout.addedSectionNames();
        expect("section count", layout.sections().size() + added.size(), seen.sections().size());
        for (int i = 0; i < Math.min(seen.sections().size(), layout.numberOfSections()); i++) {
            SeenSection s = seen.sections().get(i);
            if (i < layout.sections().size()) {
                Section meant = layout.sections().get(i);
                String what = "section " + i + " ";
                check(what + "name " + meant.name(), Arrays.equals(meant.nameBytes(), s.name()));
                expect(what + "VirtualSize", meant.virtualSize(), s.virtualSize());
                expect(what + "SizeOfRawData", meant.rawSize(), s.rawSize());
                expect(what + "Characteristics", meant.characteristics(), s.characteristics());
            } else {
                String name = added.get(i - layout.sections().size());
                check("added section " + name + " named so", Arrays.equals(new Section(name, 0, 0, 0).nameBytes(), s.name()));
                check(name + " holds data", s.virtualSize() > 0);
                expect(name + " SizeOfRawData", PeWriter.alignUp(s.virtualSize(), layout.fileAlignment()), s.rawSize());
            }
        }
    }

    /** PE spec and loader rules: contiguous, aligned, non-overlapping; one-to-one below a page. */
    private void checkPlacement() {
        long sectionAlignment = layout.sectionAlignment();
        long fileAlignment = layout.fileAlignment();
        long tableEnd = layout.eLfanew() + 24L + layout.effectiveSizeOfOptionalHeader()
                + (long) SECTION_HEADER_SIZE * layout.numberOfSections();
        check("SizeOfHeaders is a multiple of FileAlignment", seen.sizeOfHeaders() % fileAlignment == 0);
        check("SizeOfHeaders covers the section table", seen.sizeOfHeaders() >= tableEnd);
        long nextAddress = PeWriter.alignUp(seen.sizeOfHeaders(), sectionAlignment);
        long rawEnd = seen.sizeOfHeaders();
        for (int i = 0; i < seen.sections().size(); i++) {
            SeenSection s = seen.sections().get(i);
            expect("section " + i + " VirtualAddress", nextAddress, s.virtualAddress());
            if (s.rawSize() == 0) {
                expect("section " + i + " without data has PointerToRawData", 0, s.pointerToRawData());
            } else if (layout.lowAlignment()) {
                expect("section " + i + " maps one to one: PointerToRawData", s.virtualAddress(), s.pointerToRawData());
            } else {
                check("section " + i + " PointerToRawData is FileAlignment-aligned", s.pointerToRawData() % fileAlignment == 0);
                check("section " + i + " data follows the previous data", s.pointerToRawData() >= rawEnd);
                rawEnd = s.pointerToRawData() + s.rawSize();
            }
            long span = s.virtualSize() != 0 ? s.virtualSize() : s.rawSize();
            nextAddress = PeWriter.alignUp(s.virtualAddress() + span, sectionAlignment);
        }
        expect("SizeOfImage", layout.sizeOfImage().orElse(nextAddress), seen.sizeOfImage());
    }

    private void checkImports(String kind, List<ImportedDll> meant, List<SeenImport> reported, boolean delayed) {
        expect(kind + " DLL count", meant.size(), reported.size());
        for (int d = 0; d < Math.min(meant.size(), reported.size()); d++) {
            ImportedDll dll = meant.get(d);
            SeenImport seenDll = reported.get(d);
            String what = kind + " " + d + " (" + dll.name() + ")";
            expect(what + " name", dll.name(), seenDll.dll());
            if (delayed) expect(what + " Attributes (RVA-based)", 1, seenDll.attributes());
            expect(what + " symbol count", dll.symbols().size(), seenDll.symbols().size());
            for (int s = 0; s < Math.min(dll.symbols().size(), seenDll.symbols().size()); s++) {
                checkSymbol(what + " symbol " + s, dll.symbols().get(s), seenDll.symbols().get(s), delayed);
            }
        }
    }

    private void checkSymbol(String what, ImportedSymbol meant, SeenSymbol symbol, boolean delayed) {
        if (meant instanceof ImportedSymbol.ByName byName) {
            check(what + " is imported by name", !symbol.byOrdinal());
            expect(what + " name", byName.name(), symbol.name());
            expect(what + " hint", byName.hint(), symbol.hint());
        } else if (meant instanceof ImportedSymbol.ByOrdinal byOrdinal) {
            check(what + " is imported by ordinal", symbol.byOrdinal());
            expect(what + " ordinal", byOrdinal.ordinal(), symbol.ordinal());
        }
        if (delayed && symbol.address() != 0) {
            long va = symbol.address();
            check(what + " address table entry is a VA inside the image",
                    Long.compareUnsigned(va, layout.imageBase()) >= 0
                            && Long.compareUnsigned(va, layout.imageBase() + seen.sizeOfImage()) < 0);
        }
    }

    private void checkExports() {
        check("export directory " + (layout.exports().isPresent() ? "parsed" : "absent"),
                layout.exports().isPresent() == seen.exports().isPresent());
        if (layout.exports().isEmpty() || seen.exports().isEmpty()) return;
        PeLayout.Exports meant = layout.exports().get();
        ToolReport.SeenExports reported = seen.exports().get();
        if (reported.dll() != null) expect("export DLL name", meant.dllName(), reported.dll());
        if (reported.base() >= 0) expect("ordinal base", meant.ordinalBase(), reported.base());
        List<SeenExport> expected = expectedExports(meant);
        List<SeenExport> actual = reported.entries().stream().sorted(Comparator.comparingLong(SeenExport::ordinal)).toList();
        expect("export count", expected.size(), actual.size());
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            SeenExport e = expected.get(i);
            SeenExport a = actual.get(i);
            String what = "export " + e.ordinal();
            expect(what + " ordinal", e.ordinal(), a.ordinal());
            expect(what + " name", e.name(), a.name());
            expect(what + " kind", e.kind(), a.kind());
            if (seen.showsForwarderText() && e.kind() == ExportKind.FORWARDER) expect(what + " forwarder", e.forwarder(), a.forwarder());
            if (e.kind() == ExportKind.CODE) check(what + " has an address", a.rva() != 0);
        }
        if (seen.listsNamesInTableOrder()) checkNamePointerTableIsSorted(reported.entries());
    }

    private List<SeenExport> expectedExports(PeLayout.Exports exports) {
        var expected = new ArrayList<SeenExport>();
        for (int i = 0; i < exports.slots().size(); i++) {
            ExportSlot slot = exports.slots().get(i);
            long ordinal = exports.ordinalOf(i);
            if (slot instanceof ExportSlot.Gap) {
                if (seen.listsExportGaps()) expected.add(new SeenExport(ordinal, Optional.empty(), ExportKind.GAP, null, 0));
            } else if (slot instanceof ExportSlot.Forwarder forwarder) {
                expected.add(new SeenExport(ordinal, slot.name(), ExportKind.FORWARDER, forwarder.target(), 0));
            } else {
                expected.add(new SeenExport(ordinal, slot.name(), ExportKind.CODE, null, 0));
            }
        }
        return expected;
    }

    /** pefile lists named exports first, in name pointer table order, which must be lexical. */
    private void checkNamePointerTableIsSorted(List<SeenExport> inTableOrder) {
        List<String> names = inTableOrder.stream().takeWhile(e -> e.name().isPresent()).map(e -> e.name().get()).toList();
        check("name pointer table sorted", names.equals(names.stream().sorted().toList()));
    }

    /** Every delay-import address table entry holds a VA and must be relocated; nothing else is. */
    private void checkRelocations() {
        if (seen.relocations().isEmpty()) {
            check("relocations parsed", !layout.baseRelocations());
            return;
        }
        var expected = new ArrayList<ToolReport.SeenRelocation>();
        int pointer = layout.pe32Plus() ? 8 : 4;
        int type = layout.pe32Plus() ? 10 : 3;
        for (SeenImport dll : layout.baseRelocations() ? seen.delayImports() : List.<SeenImport>of()) {
            for (int s = 0; s < dll.symbols().size(); s++) {
                expected.add(new ToolReport.SeenRelocation(type, dll.addressTable() + (long) s * pointer));
            }
        }
        var actual = new ArrayList<>(seen.relocations().get());
        actual.sort(Comparator.comparingLong(ToolReport.SeenRelocation::rva));
        expected.sort(Comparator.comparingLong(ToolReport.SeenRelocation::rva));
        expect("relocations", expected, actual);
    }

    private void expect(String what, long meant, long reported) {
        if (meant != reported) {
            mismatches.add(String.format("%s: layout 0x%X, %s 0x%X", what, meant, seen.tool(), reported));
        }
    }

    private void expect(String what, Object meant, Object reported) {
        if (!meant.equals(reported)) {
            mismatches.add(String.format("%s: layout %s, %s %s", what, meant, seen.tool(), reported));
        }
    }

    private void check(String what, boolean holds) {
        if (!holds) mismatches.add(what + ": not so per " + seen.tool());
    }
}
