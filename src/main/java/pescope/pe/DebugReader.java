package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.CodeviewInfo;
import pescope.format.DebugDirectoryEntry;
import pescope.format.PogoEntry;
import pescope.format.ReproData;
import pescope.format.U4Table;
import pescope.format.VcFeature;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the debug directory: every entry, and the data of the CodeView, POGO, VC_FEATURE, REPRO
 * and EX_DLLCHARACTERISTICS entries. Entry data is read at its file pointer, as dumpbin and pefile
 * read it; data outside the file leaves the entry without decoded data and adds an anomaly.
 */
final class DebugReader implements DirectoryReader<DebugDirectory> {

    /** Entries read from one debug directory; linkers write fewer than ten. */
    static final int MAX_DEBUG_ENTRIES = 0x100;
    /** Longest PDB path read from a CodeView record. */
    static final int MAX_PDB_PATH = 0x1000;
    /** Ranges read from one POGO record; a large image lists a few hundred. */
    static final int MAX_POGO_ENTRIES = 0x1000;
    /** Longest range name in a POGO record. */
    static final int MAX_POGO_NAME = 0x200;
    /** Longest REPRO hash kept; /Brepro writes 32 bytes. */
    static final int MAX_REPRO_HASH = 0x100;

    static final int ENTRY_SIZE = 28;
    private static final int RSDS_HEADER = 4 + 16 + 4;
    private static final int NB10_HEADER = 16;

    /** The context of one parse; null in the registry's instance, which makes one per parse. */
    private final DirectorySource source;

    DebugReader() {
        this(null);
    }

    private DebugReader(DirectorySource source) {
        this.source = source;
    }

    @Override
    public Class<DebugDirectory> type() {
        return DebugDirectory.class;
    }

    @Override
    public Optional<DebugDirectory> read(ParseContext context, DataDirectory entry) {
        return new DebugReader(new DirectorySource(context)).read(entry);
    }

    private Optional<DebugDirectory> read(DataDirectory dir) {
                long declared = dir.size() / ENTRY_SIZE;
        if (dir.size() % ENTRY_SIZE != 0) {
            source.anomaly(Kind.DEBUG_DIRECTORY_DAMAGED,
                    "debug directory size 0x%X is not a multiple of %d; reading %d entries", dir.size(), ENTRY_SIZE, declared);
        }
        long count = declared;
        if (count > MAX_DEBUG_ENTRIES) {
            source.anomaly(Kind.DEBUG_DIRECTORY_TOO_LONG,
                    "debug directory holds %d entries; reading the first %d", declared, MAX_DEBUG_ENTRIES);
            count = MAX_DEBUG_ENTRIES;
        }
        List<DebugEntry> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long rva = dir.rva() + (long) i * ENTRY_SIZE;
            DebugDirectoryEntry raw = source.parseAtRva(rva, ENTRY_SIZE, DebugDirectoryEntry::new);
            if (raw == null) {
                source.anomaly(Kind.DEBUG_DIRECTORY_DAMAGED,
                        "debug directory entry %d at RVA 0x%X is not in the file; %d read", i, rva, i);
                break;
            }
            entries.add(new DebugEntry(raw.characteristics(), raw.timeDateStamp(), raw.majorVersion(),
                    raw.minorVersion(), raw.type(), raw.sizeOfData(), raw.addressOfRawData(),
                    raw.pointerToRawData(), readData(i, raw)));
        }
        return Optional.of(new DebugDirectory(entries));
    }

    private Optional<DebugData> readData(int index, DebugDirectoryEntry raw) {
        int type = (int) Math.min(raw.type(), Integer.MAX_VALUE);
        if (type != DebugEntry.CODEVIEW && type != DebugEntry.POGO && type != DebugEntry.VC_FEATURE
                && type != DebugEntry.REPRO && type != DebugEntry.EX_DLLCHARACTERISTICS) {
            return Optional.empty();
        }
        long size = raw.sizeOfData();
        if (size == 0) {
            // An old-style /Brepro entry has no data: the time stamps are the hash.
            return type == DebugEntry.REPRO ? Optional.of(new DebugData.Repro(new byte[0])) : Optional.empty();
        }
        long offset = raw.pointerToRawData();
        if (offset == 0 || !source.bytes.contains(offset, size)) {
            source.anomaly(Kind.DEBUG_DATA_DAMAGED,
                    "debug entry %d (type %d): data 0x%X+0x%X is not in the file", index, type, offset, size);
            return Optional.empty();
        }
        // Entries can all point at one large record; what is decoded is charged to the parse.
        long decoded = switch (type) {
            case DebugEntry.CODEVIEW -> codeViewWindow(size);
            case DebugEntry.REPRO -> reproWindow(size);
            default -> size;
        };
        if (!source.chargeData(decoded, "debug entry %d (type %d)", index, type)) {
            return Optional.empty();
        }
        DebugData data = switch (type) {
            case DebugEntry.CODEVIEW -> readCodeView(offset, size);
            case DebugEntry.POGO -> readPogo(offset, size);
            case DebugEntry.VC_FEATURE -> readVcFeature(offset, size);
            case DebugEntry.REPRO -> readRepro(offset, size);
            default -> size < 4 ? null : new DebugData.ExDllCharacteristics(readU4(offset));
        };
        if (data == null) {
            source.anomaly(Kind.DEBUG_DATA_DAMAGED,
                    "debug entry %d (type %d): 0x%X bytes of data are too few for its structure", index, type, size);
        }
        return Optional.ofNullable(data);
    }

    /** The bytes of a CodeView record read: its header and a PDB path of at most MAX_PDB_PATH. */
    private static long codeViewWindow(long size) {
        return Math.min(size, RSDS_HEADER + MAX_PDB_PATH);
    }

    /** The bytes of a REPRO record read: its length and a hash of at most MAX_REPRO_HASH. */
    private static long reproWindow(long size) {
        return Math.min(size, 4 + MAX_REPRO_HASH);
    }

    private DebugData readCodeView(long offset, long size) {
        if (size < 4) {
            return null;
        }
        long window = codeViewWindow(size);
        long signature = readU4(offset);
        long needed = signature == 0x53445352L ? RSDS_HEADER : signature == 0x3031424EL ? NB10_HEADER : 4;
        if (window < needed) {
            return null;
        }
        CodeviewInfo info = source.parseAtOffset(offset, window, CodeviewInfo::new);
        if (info == null) {
            return null;
        }
        if (info.info() instanceof CodeviewInfo.Pdb70 pdb) {
            return new DebugData.CodeView(DebugData.CodeView.RSDS, guid(pdb), 0, pdb.age(), pdb.pdbPath());
        }
        if (info.info() instanceof CodeviewInfo.Pdb20 pdb) {
            return new DebugData.CodeView(DebugData.CodeView.NB10, null, pdb.signature(), pdb.age(), pdb.pdbPath());
        }
        // Another CodeView form (NB09, NB11 embedded symbols...): say which, decode nothing.
        return new DebugData.CodeView(printable(info.signature()), null, 0, 0, null);
    }

    /** The GUID as the registry writes it: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, Data1-3 little-endian. */
    static String guid(CodeviewInfo.Pdb70 pdb) {
        byte[] d4 = pdb.guidData4();
        StringBuilder s = new StringBuilder(38);
        s.append(String.format("{%08X-%04X-%04X-%02X%02X-", pdb.guidData1(), pdb.guidData2(), pdb.guidData3(),
                d4[0] & 0xFF, d4[1] & 0xFF));
        for (int i = 2; i < 8; i++) {
            s.append(String.format("%02X", d4[i] & 0xFF));
        }
        return s.append('}').toString();
    }

    /** A four-character code with anything unprintable shown as '?': it is data from the file. */
    private static String printable(String fourCc) {
        StringBuilder s = new StringBuilder(4);
        for (char c : fourCc.toCharArray()) {
            s.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return s.toString();
    }

    private DebugData readPogo(long offset, long size) {
        if (size < 4) {
            return null;
        }
        long signature = readU4(offset);
        List<DebugData.PogoEntry> entries = new ArrayList<>();
        long at = offset + 4;
        long end = offset + size;
        while (end - at >= 9) {
            if (entries.size() == MAX_POGO_ENTRIES) {
                source.anomaly(Kind.DEBUG_DATA_DAMAGED,
                        "POGO data lists more than %d ranges; the rest are not read", MAX_POGO_ENTRIES);
                break;
            }
            long window = Math.min(end - at, 8 + MAX_POGO_NAME);
            PogoEntry entry = source.parseAtOffset(at, window, PogoEntry::new);
            if (entry == null) {
                break;
            }
            entries.add(new DebugData.PogoEntry(entry.rva(), entry.size(), entry.name()));
            // The name and its NUL are padded to a multiple of 4 bytes.
            long nameBytes = entry.name().length() + 1L;
            at += 8 + (nameBytes + 3) / 4 * 4;
        }
        return new DebugData.Pogo(signature, entries);
    }

    private DebugData readVcFeature(long offset, long size) {
        VcFeature f = size < 20 ? null : source.parseAtOffset(offset, 20, VcFeature::new);
        return f == null ? null : new DebugData.VcFeature(f.preVc11(), f.cAndCpp(), f.gs(), f.sdl(), f.guardN());
    }

    private DebugData readRepro(long offset, long size) {
        if (size < 4) {
            return new DebugData.Repro(new byte[0]);
        }
        ReproData repro = source.parseAtOffset(offset, reproWindow(size), ReproData::new);
        byte[] hash = repro.hash();
        long kept = Math.min(repro.hashLength(), hash.length);
        return new DebugData.Repro(java.util.Arrays.copyOf(hash, (int) kept));
    }

    private long readU4(long offset) {
        U4Table table = source.parseAtOffset(offset, 4, io -> new U4Table(io, 1));
        return table == null ? 0 : table.entries().get(0);
    }
}
