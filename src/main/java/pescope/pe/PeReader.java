package pescope.pe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pescope.format.CoffHeader;
import pescope.format.DosHeader;
import pescope.format.SectionHeader;
import pescope.format.SectionTable;
import pescope.pe.Anomaly.Kind;
import pescope.pe.authenticode.Authenticode;

/**
 * Turns the bytes of a file into a {@link PeImage}. Reads only the directories it is asked for,
 * so a caller that wants headers pays for headers only.
 */
public final class PeReader {

    /** pefile's MAX_SECTIONS: past this a section count is taken as garbage. */
    public static final int MAX_SECTIONS = 0x800;
    /** The Windows loader refuses images with more sections than this. */
    public static final int LOADER_MAX_SECTIONS = 96;
    /** The loader looks at no more data directories than this. */
    public static final int MAX_DATA_DIRECTORIES = 16;
    /** Longest section name read from the COFF string table. */
    public static final int MAX_SECTION_NAME = 0x200;

    static final int DOS_HEADER_SIZE = 0x40;
    static final int SIGNATURE_AND_FILE_HEADER = 4 + 20;
    /** Largest optional header: PE32+ with 16 data directories. */
    static final int MAX_OPTIONAL_HEADER = 0xF0;
    static final int SECTION_HEADER_SIZE = 40;
    static final int COFF_SYMBOL_SIZE = 18;
    static final long PE_SIGNATURE = 0x00004550L;
    static final int MZ = 0x5A4D;

    /** The directories to read beyond the headers and section table (those without a reader are skipped). */
    private final Set<Directory> selected;
    /** What to work out from the file as a whole, after the directories. */
    private final Set<FileFact> facts;

    public PeReader(Set<Directory> directories) {
        this(directories, EnumSet.noneOf(FileFact.class));
    }

    public PeReader(Set<Directory> directories, Set<FileFact> facts) {
        this.facts = facts.isEmpty() ? EnumSet.noneOf(FileFact.class) : EnumSet.copyOf(facts);
        EnumSet<Directory> read = directories.isEmpty() ? EnumSet.noneOf(Directory.class) : EnumSet.copyOf(directories);
        if (this.facts.contains(FileFact.HASHES)) {
            read.add(Directory.IMPORT); // the imphash is made from the imports
        }
        if (this.facts.contains(FileFact.SIGNATURES)) {
            read.add(Directory.CERTIFICATES); // the signatures are in the certificate table
        }
        this.selected = read;
    }

    public static PeReader headersOnly() {
        return new PeReader(EnumSet.noneOf(Directory.class));
    }

    /** Reads every directory that has a reader. */
    public static PeReader everything() {
        return new PeReader(Directory.allRead(), EnumSet.allOf(FileFact.class));
    }

    /** Every directory and every fact but those that read the whole file (hashes, checksum). */
    public static PeReader everythingButWholeFile() {
        return new PeReader(Directory.allRead(), FileFact.cheap());
    }

    /** Reads a file through a memory map; the map is released with the buffer. */
    public PeImage read(Path file) throws IOException, NotAPeFileException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new NotAPeFileException(String.format("file too large (%d bytes); PE images are below 2 GB", size));
            }
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return read(file.toString(), bytes);
        }
    }

    /** A read failure in the words a user sees after "pescope: FILE: ". */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Whether a file starts like a PE image ("MZ", then "PE\0\0" where e_lfanew points). Used to
     * pick PE files out of a folder by content, whatever their extension; reads 68 bytes at most.
     */
    public static boolean looksLikePe(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer dos = ByteBuffer.allocate(DOS_HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (channel.read(dos, 0) < DOS_HEADER_SIZE || dos.getShort(0) != (short) MZ) {
                return false;
            }
            long peOffset = Integer.toUnsignedLong(dos.getInt(0x3C));
            ByteBuffer signature = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            return channel.read(signature, peOffset) == 4 && Integer.toUnsignedLong(signature.getInt(0)) == PE_SIGNATURE;
        } catch (IOException e) {
            return false;
        }
    }

    public PeImage read(String source, ByteBuffer bytes) throws NotAPeFileException {
        return new Parse(source, new ImageBytes(bytes)).run();
    }

    /** The state of one parse: the bytes and the anomalies found so far. */
    private final class Parse {
        private final String source;
        private final ImageBytes bytes;
        private final Anomalies anomalies = new Anomalies();

        Parse(String source, ImageBytes bytes) {
            this.source = source;
            this.bytes = bytes;
        }

        PeImage run() throws NotAPeFileException {
            long peOffset = readPeHeaderOffset();
            FileHeader fileHeader = readFileHeader(peOffset);
            long optionalOffset = peOffset + SIGNATURE_AND_FILE_HEADER;
            OptionalHeaders optional = OptionalHeaders.read(bytes, optionalOffset, fileHeader.sizeOfOptionalHeader(), anomalies);
            List<Section> sections = readSections(optionalOffset + fileHeader.sizeOfOptionalHeader(), fileHeader);
            OptionalHeader header = optional.header();
            checkLayout(header, sections);
            RvaMapper mapper = new RvaMapper(sections, header.sectionAlignment(), header.fileAlignment(),
                    header.sizeOfHeaders(), bytes.size());
            ParseContext context = new ParseContext(bytes, mapper, header, optional.directories(), anomalies);
            // The exception directory's layout depends on the machine, which the optional header does not say.
            context.shared(ImageMachine.class, () -> new ImageMachine(fileHeader.machine()));
            Map<Class<?>, Object> read = readDirectories(context, optional.directories());
            readFacts(context, read, peOffset, fileHeader, header, optional.directories(), sections, mapper);
            return new PeImage(source, bytes.size(), peOffset, fileHeader, header, optional.directories(), sections,
                    read, anomalies.toList());
        }

        /** Runs the reader of each selected, present directory, in the registry's order. */
        private Map<Class<?>, Object> readDirectories(ParseContext context, List<DataDirectory> entries) {
            Map<Class<?>, Object> read = new HashMap<>();
            for (Directory directory : selected) {
                Optional<DirectoryReader<?>> reader = directory.reader();
                if (reader.isEmpty() || directory.index() >= entries.size() || !entries.get(directory.index()).isPresent()) {
                    continue;
                }
                DirectoryReader<?> r = reader.get();
                r.read(context.scopedTo(directory.key()), entries.get(directory.index()))
                        .ifPresent(value -> read.put(r.type(), value));
            }
            return read;
        }

        /** Works out the asked-for {@link FileFact}s and keeps each under its type. */
        private void readFacts(ParseContext context, Map<Class<?>, Object> read, long peOffset, FileHeader fileHeader,
                OptionalHeader header, List<DataDirectory> entries, List<Section> sections, RvaMapper mapper) {
            if (facts.contains(FileFact.RICH_HEADER)) {
                new RichHeaderReader(context.scopedTo(Anomaly.Location.RICH_HEADER)).read(peOffset)
                        .ifPresent(rich -> read.put(RichHeader.class, rich));
            }
            WholeFile whole = new WholeFile(bytes);
            long optionalOffset = peOffset + SIGNATURE_AND_FILE_HEADER;
            if (facts.contains(FileFact.OVERLAY)) {
                whole.overlay(optionalOffset, fileHeader.sizeOfOptionalHeader(), sections, entries, mapper)
                        .ifPresent(overlay -> read.put(Overlay.class, overlay));
            }
            if (facts.contains(FileFact.HASHES)) {
                read.put(Checksum.class, whole.checksum(optionalOffset, header.checkSum()));
                List<ImportedModule> imports = read.containsKey(Imports.class)
                        ? ((Imports) read.get(Imports.class)).modules() : List.of();
                read.put(Hashes.class, whole.hashes(imports, sections, mapper));
            }
            if (facts.contains(FileFact.SIGNATURES) && read.containsKey(Certificates.class)) {
                Certificates table = (Certificates) read.get(Certificates.class);
                read.put(Signatures.class, new Signatures(Authenticode.read(bytes.whole(),
                        Authenticode.hashLayout(peOffset, header.isPe32Plus(), entries), Authenticode.entries(table))));
            }
        }

        private long readPeHeaderOffset() throws NotAPeFileException {
            if (bytes.size() < 2) {
                throw new NotAPeFileException(bytes.size() == 0 ? "empty file" : "no MZ signature");
            }
            if (bytes.size() < DOS_HEADER_SIZE) {
                throw new NotAPeFileException(String.format("file too short for a DOS header (%d bytes)", bytes.size()));
            }
            DosHeader dos = parseAt(0, DOS_HEADER_SIZE, DosHeader::new);
            if (dos.magic() != MZ) {
                throw new NotAPeFileException("no MZ signature");
            }
            long peOffset = dos.ofsPeHeader();
            if (!bytes.contains(peOffset, 4)) {
                throw new NotAPeFileException(String.format(
                        "PE header offset 0x%X is past the end of the file (%d bytes)", peOffset, bytes.size()));
            }
            long signature = parseAt(peOffset, 4, io -> io.readU4le());
            if (signature != PE_SIGNATURE) {
                throw new NotAPeFileException(String.format("no PE signature at offset 0x%X", peOffset));
            }
            if (peOffset < DOS_HEADER_SIZE) {
                anomalies.add(Kind.PE_HEADER_IN_DOS_HEADER, new Anomaly.Location(Anomaly.Location.DOS_HEADER, peOffset, 4),
                        "PE header at 0x%X overlaps the DOS header", peOffset);
            }
            return peOffset;
        }

        private FileHeader readFileHeader(long peOffset) {
            ImageBytes.Padded<CoffHeader> padded = bytes.parsePadded(peOffset + 4, 20, CoffHeader::new);
            if (padded.realBytes() < 20) {
                anomalies.add(Kind.FILE_HEADER_TRUNCATED,
                        "file header cut off after %d of 20 bytes; read as zeros", padded.realBytes());
            }
            CoffHeader coff = padded.value();
            return new FileHeader(coff.machine(), coff.numberOfSections(), coff.timeDateStamp(),
                    coff.pointerToSymbolTable(), coff.numberOfSymbols(), coff.sizeOfOptionalHeader(),
                    coff.characteristics());
        }

        private List<Section> readSections(long tableOffset, FileHeader fileHeader) {
            int declared = fileHeader.numberOfSections();
            if (declared == 0) {
                anomalies.add(Kind.NO_SECTIONS, "the section table is empty");
                return List.of();
            }
            if (declared > LOADER_MAX_SECTIONS) {
                anomalies.add(Kind.TOO_MANY_SECTIONS,
                        "%d sections; the Windows loader accepts at most %d%s", declared, LOADER_MAX_SECTIONS,
                        declared > MAX_SECTIONS ? String.format(", reading the first %d", MAX_SECTIONS) : "");
            }
            int count = Math.min(declared, MAX_SECTIONS);
            int inFile = (int) Math.min(count, Math.max(0, bytes.size() - tableOffset) / SECTION_HEADER_SIZE);
            List<Section> sections = new ArrayList<>(inFile);
            if (inFile > 0) {
                List<SectionHeader> table = parseAt(tableOffset, inFile * SECTION_HEADER_SIZE,
                        io -> new SectionTable(io, inFile)).entries();
                for (int i = 0; i < inFile; i++) {
                    sections.add(toSection(i + 1, table.get(i), fileHeader));
                }
            }
            if (inFile < count) {
                long offset = tableOffset + (long) inFile * SECTION_HEADER_SIZE;
                anomalies.add(Kind.SECTION_TABLE_TRUNCATED,
                        new Anomaly.Location(Anomaly.Location.SECTION_TABLE, offset, bytes.size() - offset),
                        "section table ends at the end of the file after %d of %d entries", inFile, declared);
            }
            return sections;
        }

        private Section toSection(int number, SectionHeader raw, FileHeader fileHeader) {
            String rawName = sectionName(raw.rawName());
            Section section = new Section(number, resolveLongName(rawName, fileHeader), rawName,
                    raw.virtualSize(), raw.virtualAddress(), raw.sizeOfRawData(), raw.pointerToRawData(),
                    raw.pointerToRelocations(), raw.pointerToLinenumbers(), raw.numberOfRelocations(),
                    raw.numberOfLinenumbers(), raw.characteristics());
            if (section.sizeOfRawData() > 0
                    && section.pointerToRawData() + section.sizeOfRawData() > bytes.size()) {
                anomalies.add(Kind.SECTION_RAW_DATA_PAST_EOF,
                        new Anomaly.Location(Anomaly.Location.SECTION_TABLE, section.pointerToRawData(), section.sizeOfRawData()),
                        "section #%d (%s): raw data 0x%X+0x%X runs past the end of the file (0x%X)",
                        number, section.name(), section.pointerToRawData(), section.sizeOfRawData(), bytes.size());
            }
            return section;
        }

        /** "/123" names point into the COFF string table that follows the symbol table. */
        private String resolveLongName(String rawName, FileHeader fileHeader) {
            if (rawName.length() < 2 || rawName.charAt(0) != '/' || !rawName.substring(1).chars().allMatch(Character::isDigit)) {
                return rawName;
            }
            long stringTable = fileHeader.pointerToSymbolTable() + fileHeader.numberOfSymbols() * COFF_SYMBOL_SIZE;
            long offset = Long.parseLong(rawName.substring(1));
            long at = stringTable + offset;
            String name = fileHeader.pointerToSymbolTable() == 0 ? null : bytes.readString(at, MAX_SECTION_NAME);
            // As in ParseContext.checkNameLength: a name under a quarter of the limit in chars did not fill it.
            if (name != null && 4L * name.length() >= MAX_SECTION_NAME && bytes.contains(at, MAX_SECTION_NAME)
                    && !bytes.isTerminatedWithin(at, MAX_SECTION_NAME + 1)) {
                anomalies.add(Kind.NAME_TOO_LONG, new Anomaly.Location(Anomaly.Location.SECTION_TABLE, at, MAX_SECTION_NAME),
                        "section name %s runs past %d bytes without a terminator; read up to there",
                        rawName, MAX_SECTION_NAME);
            }
            if (name == null || name.isEmpty()) {
                anomalies.add(Kind.SECTION_NAME_UNRESOLVED,
                        "section name %s points outside the COFF string table", rawName);
                return rawName;
            }
            return name;
        }

        private void checkLayout(OptionalHeader header, List<Section> sections) {
            long sectionAlignment = header.sectionAlignment();
            long fileAlignment = header.fileAlignment();
            if (sectionAlignment == 0 || fileAlignment == 0 || Long.bitCount(fileAlignment) != 1
                    || Long.bitCount(sectionAlignment) != 1 || sectionAlignment < fileAlignment) {
                anomalies.add(Kind.BAD_ALIGNMENT,
                        "SectionAlignment 0x%X and FileAlignment 0x%X: both must be powers of two, SectionAlignment the larger",
                        sectionAlignment, fileAlignment);
            } else if (header.sizeOfImage() % sectionAlignment != 0) {
                anomalies.add(Kind.SIZE_OF_IMAGE_MISALIGNED,
                        "SizeOfImage 0x%X is not a multiple of SectionAlignment 0x%X", header.sizeOfImage(), sectionAlignment);
            }
            if (header.sizeOfHeaders() > bytes.size()) {
                anomalies.add(Kind.SIZE_OF_HEADERS_PAST_EOF,
                        "SizeOfHeaders 0x%X is larger than the file (0x%X)", header.sizeOfHeaders(), bytes.size());
            }
            long entry = header.addressOfEntryPoint();
            if (entry != 0 && entry >= header.sizeOfImage()) {
                anomalies.add(Kind.ENTRY_POINT_OUTSIDE_IMAGE,
                        "entry point 0x%X is beyond SizeOfImage 0x%X", entry, header.sizeOfImage());
            }
            checkOverlaps(sections);
        }

        private void checkOverlaps(List<Section> sections) {
            for (int i = 1; i < sections.size(); i++) {
                Section previous = sections.get(i - 1);
                Section current = sections.get(i);
                if (current.virtualAddress() < previous.virtualAddress() + previous.virtualSize()
                        && current.virtualAddress() >= previous.virtualAddress()) {
                    anomalies.add(Kind.SECTIONS_OVERLAP,
                            "section #%d (%s) at RVA 0x%X starts inside section #%d (%s)",
                            current.number(), current.name(), current.virtualAddress(), previous.number(), previous.name());
                }
            }
        }

        private <T> T parseAt(long offset, int length, java.util.function.Function<io.kaitai.struct.KaitaiStream, T> parser) {
            try {
                return bytes.parseAt(offset, length, parser);
            } catch (ImageBytes.TruncatedException e) {
                throw new IllegalStateException("bounds checked before parsing", e);
            }
        }
    }

    /** Section names are NUL-padded to 8 bytes; an 8-character name has no terminator. */
    static String sectionName(byte[] raw) {
        int length = 0;
        while (length < raw.length && raw[length] != 0) {
            length++;
        }
        return NameDecoding.decode(raw, 0, length);
    }
}
