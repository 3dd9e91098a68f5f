package pescope.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds hostile DLLs whose export tables ask for far more work than their size (issue 10, items
 * 1 and 2), so no such blob is committed:
 * <ul>
 * <li>{@link #overlapping}: the address, name pointer and ordinal tables all lie on one region
 *     filled with the RVA of one 511-byte name that is also inside the export directory, so every
 *     entry is a 511-byte name and a 511-byte forwarder; NumberOfFunctions and NumberOfNames are
 *     0x100000 each for a 4 MB region.</li>
 * <li>{@link #manyNames}: an ordinary-looking table of {@code count} distinct names, behind
 *     {@code sections - 1} small sections, so that every name lookup maps an RVA past all of them.</li>
 * </ul>
 * A PE32 DLL: DOS header, PE header at 0x40, one section table, no code.
 */
public final class AmplifiedExports {

    private static final int OPTIONAL_HEADER = 0xE0;
    private static final long SECTION_ALIGNMENT = 0x1000;
    private static final int FILE_ALIGNMENT = 0x200;

    private AmplifiedExports() {}

    /** About {@code regionBytes} + 2 KB; each table entry points at the one long name. */
    public static byte[] overlapping(int sections, int regionBytes) {
        int headerEnd = align(0x40 + 24 + OPTIONAL_HEADER + 40 * sections, FILE_ALIGNMENT);
        int sectionSize = 0x400 + regionBytes;
        Layout layout = new Layout(sections, headerEnd, sectionSize);
        ByteBuffer file = layout.file;
        long base = layout.exportRva;
        long name = base + 0x40;
        int data = layout.exportOffset;
        // The directory: Name, Base 1, NumberOfFunctions and NumberOfNames as many as the region holds
        // (up to the documented 0x100000, which the directory's size vouches for), all three tables at +0x400.
        int entries = Math.min(0x100000, regionBytes / 4);
        file.putInt(data + 12, (int) name).putInt(data + 16, 1).putInt(data + 20, entries).putInt(data + 24, entries);
        file.putInt(data + 28, (int) (base + 0x400)).putInt(data + 32, (int) (base + 0x400)).putInt(data + 36, (int) (base + 0x400));
        byte[] longName = new byte[511];
        Arrays.fill(longName, (byte) 'A');
        file.put(data + 0x40, longName);
        for (int at = 0x400; at + 4 <= sectionSize; at += 4) {
            file.putInt(data + at, (int) name);
        }
        layout.exportDirectory(base, sectionSize);
        return file.array();
    }

    /** {@code count} distinct names "f0000000"..., each its own function, behind {@code sections - 1} small sections. */
    public static byte[] manyNames(int sections, int count) {
        int headerEnd = align(0x40 + 24 + OPTIONAL_HEADER + 40 * sections, FILE_ALIGNMENT);
        int tables = 0x40 + count * (4 + 4 + 2);
        int sectionSize = tables + count * 9 + 0x10;
        Layout layout = new Layout(sections, headerEnd, sectionSize);
        ByteBuffer file = layout.file;
        long base = layout.exportRva;
        int data = layout.exportOffset;
        long addresses = base + 0x40;
        long names = addresses + 4L * count;
        long ordinals = names + 4L * count;
        long strings = ordinals + 2L * count;
        file.putInt(data + 12, (int) strings).putInt(data + 16, 1).putInt(data + 20, count).putInt(data + 24, count);
        file.putInt(data + 28, (int) addresses).putInt(data + 32, (int) names).putInt(data + 36, (int) ordinals);
        for (int i = 0; i < count; i++) {
            file.putInt(data + 0x40 + 4 * i, 0x1000);
            file.putInt((int) (data + names - base + 4L * i), (int) (strings + 9L * i));
            file.putShort((int) (data + ordinals - base + 2L * i), (short) i);
            byte[] text = String.format("f%07d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            file.put((int) (data + strings - base + 9L * i), text);
        }
        // The directory covers its tables (so the million-entry cap applies); the addresses point below it, at code.
        layout.exportDirectory(base, tables);
        return file.array();
    }

    /** Headers, {@code sections - 1} small sections sharing one raw block, then the export section. */
    private static final class Layout {
        final ByteBuffer file;
        final long exportRva;
        final int exportOffset;
        private final int optional;

        Layout(int sections, int headerEnd, int exportSize) {
            int smallRaw = headerEnd;
            exportOffset = headerEnd + FILE_ALIGNMENT;
            int exportRaw = align(exportSize, FILE_ALIGNMENT);
            file = ByteBuffer.allocate(exportOffset + exportRaw).order(ByteOrder.LITTLE_ENDIAN);
            exportRva = SECTION_ALIGNMENT * sections;
            long sizeOfImage = exportRva + align(exportSize, (int) SECTION_ALIGNMENT);
            file.putShort(0, (short) 0x5A4D).putInt(0x3C, 0x40);
            file.putInt(0x40, 0x00004550);
            file.putShort(0x44, (short) 0x14C).putShort(0x46, (short) sections).putShort(0x54, (short) OPTIONAL_HEADER)
                    .putShort(0x56, (short) 0x2102);
            optional = 0x58;
            file.putShort(optional, (short) 0x10B).putInt(optional + 28, 0x10000000)
                    .putInt(optional + 32, (int) SECTION_ALIGNMENT).putInt(optional + 36, FILE_ALIGNMENT)
                    .putShort(optional + 40, (short) 4).putShort(optional + 48, (short) 4)
                    .putInt(optional + 56, (int) sizeOfImage).putInt(optional + 60, headerEnd)
                    .putShort(optional + 68, (short) 2).putInt(optional + 92, 16);
            int table = optional + OPTIONAL_HEADER;
            for (int i = 0; i < sections; i++) {
                boolean last = i == sections - 1;
                int entry = table + 40 * i;
                file.put(entry, (last ? ".edata" : ".s").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                file.putInt(entry + 8, last ? exportSize : 0x200)
                        .putInt(entry + 12, (int) (SECTION_ALIGNMENT * (i + 1)))
                        .putInt(entry + 16, last ? exportRaw : FILE_ALIGNMENT)
                        .putInt(entry + 20, last ? exportOffset : smallRaw)
                        .putInt(entry + 36, 0x40000040);
            }
        }

        void exportDirectory(long rva, long size) {
            file.putInt(optional + 96, (int) rva).putInt(optional + 100, (int) size);
        }
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** Writes a file for the bench script: {@code overlapping SECTIONS BYTES OUT} or {@code many-names SECTIONS COUNT OUT}. */
    public static void main(String[] args) throws java.io.IOException {
        int sections = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        byte[] bytes = args[0].equals("overlapping") ? overlapping(sections, size) : manyNames(sections, size);
        java.nio.file.Files.write(java.nio.file.Path.of(args[3]), bytes);
    }
}
