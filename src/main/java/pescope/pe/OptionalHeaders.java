package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import pescope.pe.Anomaly.Kind;

/** The optional header and its data directories, read from the file into the model. */
record OptionalHeaders(OptionalHeader header, List<DataDirectory> directories) {

    private static final int PE32_FIXED_PART = 96;
    private static final int PE32_PLUS_FIXED_PART = 112;
    private static final int DIRECTORY_SIZE = 8;

    /**
     * Reads the whole optional header whatever SizeOfOptionalHeader says, because the loader does
     * too; bytes past the end of the file read as zeros, as in the loader's header page.
     */
    static OptionalHeaders read(ImageBytes bytes, long offset, int declaredSize, Anomalies anomalies) {
        ImageBytes.Padded<pescope.format.OptionalHeader> padded =
                bytes.parsePadded(offset, PeReader.MAX_OPTIONAL_HEADER, pescope.format.OptionalHeader::new);
        pescope.format.OptionalHeader raw = padded.value();
        int magic = raw.magic();
        if (magic != OptionalHeader.PE32_MAGIC && magic != OptionalHeader.PE32_PLUS_MAGIC) {
            anomalies.add(Kind.OPTIONAL_HEADER_UNKNOWN_MAGIC,
                    "optional header magic 0x%X is neither PE32 (0x10B) nor PE32+ (0x20B); read as PE32", magic);
        }
        long declaredDirectories = raw.numberOfRvaAndSizes();
        if (declaredDirectories > PeReader.MAX_DATA_DIRECTORIES) {
            anomalies.add(Kind.TOO_MANY_DATA_DIRECTORIES,
                    "NumberOfRvaAndSizes is 0x%X; the loader reads only %d", declaredDirectories, PeReader.MAX_DATA_DIRECTORIES);
        }
        int directoryCount = raw.dataDirectories().size();
        int needed = (raw.isPe32Plus() ? PE32_PLUS_FIXED_PART : PE32_FIXED_PART) + directoryCount * DIRECTORY_SIZE;
        if (padded.realBytes() < needed) {
            anomalies.add(Kind.OPTIONAL_HEADER_TRUNCATED,
                    "optional header cut off by the end of the file after %d of %d bytes; the rest read as zeros",
                    padded.realBytes(), needed);
        }
        if (declaredSize < needed) {
            anomalies.add(Kind.OPTIONAL_HEADER_SIZE_TOO_SMALL,
                    "SizeOfOptionalHeader is 0x%X but the header it describes takes 0x%X bytes; the section table overlaps it",
                    declaredSize, needed);
        }
        OptionalHeader header = toModel(raw);
        List<DataDirectory> directories = new ArrayList<>(directoryCount);
        for (int i = 0; i < directoryCount; i++) {
            var entry = raw.dataDirectories().get(i);
            DataDirectory directory = new DataDirectory(i, entry.virtualAddress(), entry.size());
            checkInsideImage(directory, header, anomalies);
            directories.add(directory);
        }
        return new OptionalHeaders(header, directories);
    }

    private static void checkInsideImage(DataDirectory directory, OptionalHeader header, Anomalies anomalies) {
        // The certificate table is addressed by file offset, not RVA.
        if (!directory.isPresent() || directory.index() == DataDirectory.CERTIFICATES) {
            return;
        }
        if (directory.rva() + directory.size() > header.sizeOfImage()) {
            anomalies.add(Kind.DATA_DIRECTORY_OUTSIDE_IMAGE,
                    "%s directory 0x%X+0x%X reaches beyond SizeOfImage 0x%X",
                    directory.name(), directory.rva(), directory.size(), header.sizeOfImage());
        }
    }

    private static OptionalHeader toModel(pescope.format.OptionalHeader raw) {
        boolean plus = raw.isPe32Plus();
        return new OptionalHeader(raw.magic(), raw.majorLinkerVersion(), raw.minorLinkerVersion(),
                raw.sizeOfCode(), raw.sizeOfInitializedData(), raw.sizeOfUninitializedData(),
                raw.addressOfEntryPoint(), raw.baseOfCode(), plus ? null : raw.baseOfData(),
                raw.imageBase(), raw.sectionAlignment(), raw.fileAlignment(),
                new OptionalHeader.Version(raw.majorOperatingSystemVersion(), raw.minorOperatingSystemVersion()),
                new OptionalHeader.Version(raw.majorImageVersion(), raw.minorImageVersion()),
                new OptionalHeader.Version(raw.majorSubsystemVersion(), raw.minorSubsystemVersion()),
                raw.win32VersionValue(), raw.sizeOfImage(), raw.sizeOfHeaders(), raw.checkSum(),
                raw.subsystem(), raw.dllCharacteristics(),
                raw.sizeOfStackReserve(), raw.sizeOfStackCommit(), raw.sizeOfHeapReserve(), raw.sizeOfHeapCommit(),
                raw.loaderFlags(), raw.numberOfRvaAndSizes());
    }
}
