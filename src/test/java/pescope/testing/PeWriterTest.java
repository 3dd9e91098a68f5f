package pescope.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import pescope.testing.PeLayout.ExportSlot;
import pescope.testing.PeLayout.Exports;
import pescope.testing.PeLayout.ImportedDll;
import pescope.testing.PeLayout.ImportedSymbol;
import pescope.testing.PeLayout.Section;

class PeWriterTest {
    private static final ImportedDll KERNEL32 = ImportedDll.of("KERNEL32.dll", ImportedSymbol.byName(0x15E, "ExitProcess"));

    @Test
    void writesMzAndThePeSignatureWhereELfanewPoints() {
        byte[] image = PeWriter.write(PeLayout.exe32().withELfanew(0xF0));

        assertEquals("MZ", ascii(image, 0, 2));
        assertEquals(0xF0, u4(image, 0x3C));
        assertEquals("PE\0\0", ascii(image, 0xF0, 4));
    }

    @Test
    void placesTheFirstSectionAtSizeOfHeadersRoundedUpToSectionAlignment() {
        byte[] image = PeWriter.write(PeLayout.exe32().withSections(Section.text(0x200), Section.bss(0x1800), Section.data(0x10, 0x200)));

        int table = sectionTable(image);
        assertEquals(0x200, u4(image, optionalHeader(image) + 60)); // SizeOfHeaders: 0x1F0 of headers
        assertEquals(0x1000, u4(image, table + 12));                 // .text VirtualAddress
        assertEquals(0x200, u4(image, table + 20));                  // .text PointerToRawData
        assertEquals(0x2000, u4(image, table + 40 + 12));            // .bss after .text's page
        assertEquals(0, u4(image, table + 40 + 20));                 // .bss has no data
        assertEquals(0x4000, u4(image, table + 80 + 12));            // .data after .bss's 0x1800 bytes
        assertEquals(0x400, u4(image, table + 80 + 20));             // .data's data right after .text's
        assertEquals(0x5000, u4(image, optionalHeader(image) + 56)); // SizeOfImage
    }

    @Test
    void mapsSectionsOneToOneBelowAPageOfSectionAlignment() {
        byte[] image = PeWriter.write(PeLayout.exe32().withAlignment(0x40, 0x40)
                .withSections(Section.text(0x40), Section.bss(0x30), Section.data(0x80, 0x80)));

        int table = sectionTable(image);
        for (int i : new int[] {0, 2}) {
            assertEquals(u4(image, table + 40 * i + 12), u4(image, table + 40 * i + 20), "section " + i);
        }
        assertEquals(image.length, u4(image, table + 80 + 20) + 0x80);
    }

    @Test
    void overlapsTheNtHeadersWithTheDosHeaderWhenELfanewIsFour() {
        byte[] image = PeWriter.write(PeLayout.exe32().withELfanew(4).withAlignment(4, 4).withSections(Section.text(0x20)));

        assertEquals("PE\0\0", ascii(image, 4, 4));
        assertEquals(4, u4(image, 0x3C));                                 // e_lfanew ...
        assertEquals(0x3C, optionalHeader(image) + 32);                   // ... is SectionAlignment
    }

    @Test
    void findsImportsInTheHeadersWhenTheEmptySectionTableSitsInTheOptionalHeader() {
        byte[] image = PeWriter.write(PeLayout.exe32().withSizeOfOptionalHeader(OptionalInt.of(0))
                .withImports(KERNEL32).withImportsInHeaders(true));

        assertEquals(0, u2(image, 0x80 + 20));
        int importRva = u4(image, optionalHeader(image) + 96 + 8);
        assertEquals("KERNEL32.dll", asciiz(image, u4(image, importRva + 12)));
    }

    @Test
    void laysItsOnlySectionHeaderOnTheOptionalHeaderWhenSizeOfOptionalHeaderIsZero() {
        Section overMagic = new Section("\u000B\u0001ab", 0x200, 0x200, 0x200); // name = Magic, characteristics = FileAlignment
        byte[] image = PeWriter.write(PeLayout.exe32().withSizeOfOptionalHeader(OptionalInt.of(0)).withSections(overMagic));

        int table = sectionTable(image);
        assertEquals(optionalHeader(image), table);
        assertEquals(0x10B, u2(image, table));               // Magic, and the name's first two bytes
        assertEquals(0x200, u4(image, table + 16));          // SizeOfRawData, read as AddressOfEntryPoint
        assertEquals(0x1000, u4(image, table + 32));         // SectionAlignment, read as the COFF counts
        assertEquals(0x200, u4(image, table + 36));          // FileAlignment = Characteristics
    }

    @Test
    void refusesALayoutWhoseHeadersContradictEachOther() {
        // e_lfanew 0x24 puts the e_lfanew field itself on the optional header's Magic.
        PeLayout contradiction = PeLayout.exe32().withELfanew(0x24);

        var error = assertThrows(IllegalArgumentException.class, () -> PeWriter.write(contradiction));
        assertEquals("layout contradicts itself at file offset 0x3C: 0x24 written, now 0x0B", error.getMessage());
    }

    @Test
    void refusesImportsWithoutRoomForTheImportDirectory() {
        PeLayout layout = PeLayout.exe32().withNumberOfRvaAndSizes(1).withImports(KERNEL32);

        assertThrows(IllegalArgumentException.class, () -> PeWriter.write(layout));
    }

    @Test
    void sortsTheExportNamePointerTableByNameAndKeepsOrdinalsAsIndexes() {
        Exports exports = new Exports("me.dll", 5, List.of(ExportSlot.function("b"), ExportSlot.gap(),
                ExportSlot.forwarder(Optional.of("C"), "NTDLL.#7"), ExportSlot.function("a")));
        byte[] image = PeWriter.write(PeLayout.exe32().withExports(exports));

        int directory = offsetOfRva(image, u4(image, optionalHeader(image) + 96));
        int names = offsetOfRva(image, u4(image, directory + 32));
        int ordinals = offsetOfRva(image, u4(image, directory + 36));
        List<String> sorted = new ArrayList<>();
        for (int i = 0; i < 3; i++) sorted.add(asciiz(image, u4(image, names + 4 * i)));
        assertEquals(List.of("C", "a", "b"), sorted);
        assertArrayEquals(new int[] {2, 3, 0}, new int[] {u2(image, ordinals), u2(image, ordinals + 2), u2(image, ordinals + 4)});
        assertEquals(5, u4(image, directory + 16)); // Base
        assertEquals(0, u4(image, offsetOfRva(image, u4(image, directory + 28)) + 4)); // the gap
    }

    @Test
    void writesAChecksumThatCoversTheWholeFile() {
        byte[] image = PeWriter.write(PeLayout.exe32().withSections(Section.text(0x200)));

        assertEquals(checksumByDwords(image), u4(image, optionalHeader(image) + 64) & 0xFFFFFFFFL);
    }

    /** pefile's generate_checksum: 32-bit sums with carry folded back, the CheckSum dword skipped. */
    private static long checksumByDwords(byte[] image) {
        int skip = (optionalHeader(image) + 64) / 4;
        long sum = 0;
        for (int i = 0; i < (image.length + 3) / 4; i++) {
            if (i == skip) continue;
            long dword = 0;
            for (int b = 0; b < 4 && 4 * i + b < image.length; b++) dword |= (image[4 * i + b] & 0xFFL) << (8 * b);
            sum += dword;
            if (sum >= 1L << 32) sum = (sum & 0xFFFFFFFFL) + (sum >>> 32);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum + (sum >>> 16)) & 0xFFFF;
        return sum + image.length;
    }

    private static int optionalHeader(byte[] image) {
        return u4(image, 0x3C) + 24;
    }

    private static int sectionTable(byte[] image) {
        return optionalHeader(image) + u2(image, u4(image, 0x3C) + 20);
    }

    /** Headers map at RVA 0; otherwise the section whose data holds the RVA. */
    private static int offsetOfRva(byte[] image, int rva) {
        int table = sectionTable(image);
        int count = u2(image, u4(image, 0x3C) + 6);
        for (int i = 0; i < count; i++) {
            int va = u4(image, table + 40 * i + 12);
            int raw = u4(image, table + 40 * i + 16);
            if (rva >= va && rva < va + raw) return u4(image, table + 40 * i + 20) + rva - va;
        }
        return rva;
    }

    private static String asciiz(byte[] image, int rva) {
        int offset = offsetOfRva(image, rva);
        int end = offset;
        while (image[end] != 0) end++;
        return ascii(image, offset, end - offset);
    }

    private static String ascii(byte[] image, int offset, int length) {
        return new String(image, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static int u2(byte[] image, int offset) {
        return (image[offset] & 0xFF) | (image[offset + 1] & 0xFF) << 8;
    }

    private static int u4(byte[] image, int offset) {
        return u2(image, offset) | u2(image, offset + 2) << 16;
    }
}
