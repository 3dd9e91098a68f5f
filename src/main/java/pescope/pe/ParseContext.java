package pescope.pe;

import io.kaitai.struct.KaitaiStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import pescope.pe.Anomaly.Kind;
import pescope.pe.Anomaly.Location;

/**
 * What every directory reader of one parse shares: the bytes, the RVA mapper, the headers, name
 * reading with its limit, per-parse state that spans directories, and the anomalies. A context
 * is scoped to one structure ({@link #scopedTo}), so each anomaly says where it was found.
 */
final class ParseContext {

    /** pefile's MAX_DLL_LENGTH and MAX_IMPORT_NAME_LENGTH: the longest name read anywhere. */
    static final int MAX_NAME_LENGTH = 0x200;

    private final ImageBytes bytes;
    private final RvaMapper mapper;
    private final OptionalHeader header;
    private final List<DataDirectory> dataDirectories;
    private final Anomalies anomalies;
    private final Map<Class<?>, Object> shared;
    private final NameBudget names;
    private final String structure;

    ParseContext(ImageBytes bytes, RvaMapper mapper, OptionalHeader header, List<DataDirectory> dataDirectories,
            Anomalies anomalies) {
        this(bytes, mapper, header, dataDirectories, anomalies, new HashMap<>(), new NameBudget(bytes.size()),
                Location.UNKNOWN_STRUCTURE);
    }

    private ParseContext(ImageBytes bytes, RvaMapper mapper, OptionalHeader header, List<DataDirectory> dataDirectories,
            Anomalies anomalies, Map<Class<?>, Object> shared, NameBudget names, String structure) {
        this.bytes = bytes;
        this.mapper = mapper;
        this.header = header;
        this.dataDirectories = dataDirectories;
        this.anomalies = anomalies;
        this.shared = shared;
        this.names = names;
        this.structure = structure;
    }

    /** The same parse, with anomalies placed in {@code structure} (a {@link Directory#key()}). */
    ParseContext scopedTo(String structure) {
        return new ParseContext(bytes, mapper, header, dataDirectories, anomalies, shared, names, structure);
    }

    String structure() {
        return structure;
    }

    /** The whole file: for what is computed over all of it (checksum, digests, the DOS stub) and padded windows (the load config reads zeros past Size). */
    ImageBytes bytes() {
        return bytes;
    }

    /** The file's bytes, read-only: the CLR reader hands its metadata block to a parser of its own. */
    java.nio.ByteBuffer fileBytes() {
        return bytes.whole();
    }

    long fileSize() {
        return bytes.size();
    }

    OptionalHeader header() {
        return header;
    }

    boolean isPe32Plus() {
        return header.isPe32Plus();
    }

    RvaMapper mapper() {
        return mapper;
    }

    /**
     * State that more than one reader of this parse shares, made on first use: the import and
     * delay-import readers share one symbol budget, so two directories cannot double it.
     */
    <S> S shared(Class<S> type, Supplier<S> create) {
        return type.cast(shared.computeIfAbsent(type, t -> create.get()));
    }

    /**
     * Charges {@code length} bytes of pointed-at data about to be decoded to the parse's
     * {@link DataBudget}. When the budget cannot cover them it reports once per structure,
     * naming the first item refused ({@code format} and {@code args}), and returns false: the
     * caller lists the entry without decoding its data.
     */
    boolean chargeData(long length, String format, Object... args) {
        DataBudget budget = shared(DataBudget.class, () -> new DataBudget(fileSize()));
        if (budget.take(length)) {
            return true;
        }
        if (budget.firstRefusalIn(structure)) {
            anomaly(Kind.DATA_EXCEEDS_FILE, "%s and the data after it not decoded: with the data decoded before,"
                    + " more bytes than the file holds", String.format(format, args));
        }
        return false;
    }

    // ---- anomalies -----------------------------------------------------------------------

    /** An anomaly in this context's structure, at no known offset. */
    void anomaly(Kind kind, String format, Object... args) {
        anomalies.add(kind, Location.of(structure), format, args);
    }

    /** An anomaly about {@code length} bytes at a file offset ({@link Location#UNKNOWN} if not known). */
    void anomalyAt(Kind kind, long offset, long length, String format, Object... args) {
        boolean inFile = offset >= 0 && offset < bytes.size();
        anomalies.add(kind, new Location(structure, inFile ? offset : Location.UNKNOWN, inFile ? length : Location.UNKNOWN),
                format, args);
    }

    /** An anomaly about {@code length} bytes at an RVA, placed at its file offset when it has one. */
    void anomalyAtRva(Kind kind, long rva, long length, String format, Object... args) {
        anomalyAt(kind, mapper.mapRvaToOffset(rva), length, format, args);
    }

    // ---- placing structures --------------------------------------------------------------

    long mapRvaToOffset(long rva) {
        return mapper.mapRvaToOffset(rva);
    }

    boolean isInHeaders(long rva) {
        return mapper.sectionAt(rva) == null;
    }

    boolean contains(long offset, long length) {
        return bytes.contains(offset, length);
    }

    /** The structure at {@code rva}, or null when its bytes are not all in the file. */
    <T> T parseAtRva(long rva, int length, Function<KaitaiStream, T> parser) {
        long offset = mapper.mapRvaToOffset(rva);
        return offset == RvaMapper.NOT_IN_FILE ? null : parseAtOffset(offset, length, parser);
    }

    /** Like {@link #parseAtRva} for variable-length entries: the window ends at the file's end. */
    <T> T parseAtRvaUpTo(long rva, int maxLength, Function<KaitaiStream, T> parser) {
        long offset = mapper.mapRvaToOffset(rva);
        if (offset == RvaMapper.NOT_IN_FILE || !bytes.contains(offset, 2)) {
            return null;
        }
        return parseAtOffset(offset, (int) Math.min(maxLength, bytes.size() - offset), parser);
    }

    /** The structure at a file offset, or null when its bytes are not all in the file. */
    <T> T parseAtOffset(long offset, int length, Function<KaitaiStream, T> parser) {
        try {
            return bytes.parseAt(offset, length, parser);
        } catch (ImageBytes.TruncatedException e) {
            return null;
        }
    }

    /**
     * How many of {@code count} entries of {@code width} bytes from {@code rva} on can be parsed
     * as one window: each lies wholly in the file, where mapping its own RVA would place it.
     */
    int entriesInOneWindow(long rva, int width, int count) {
        long offset = mapper.mapRvaToOffset(rva);
        if (offset == RvaMapper.NOT_IN_FILE) {
            return 0;
        }
        long starting = (mapper.linearRunAt(rva) + width - 1) / width;
        long whole = (bytes.size() - offset) / width;
        return (int) Math.min(count, Math.min(starting, whole));
    }

    // ---- names ---------------------------------------------------------------------------

    /** The name at an RVA, cut at {@link #MAX_NAME_LENGTH} bytes; null when not in the file. */
    String readNameAtRva(long rva) {
        long offset = mapper.mapRvaToOffset(rva);
        return offset == RvaMapper.NOT_IN_FILE ? null : readName(offset);
    }

    /**
     * The name at a file offset, cut at {@link #MAX_NAME_LENGTH} bytes; null outside the file.
     * Every name handed out is charged to the parse's {@link NameBudget}; a reader that hands
     * out names in a loop stops when {@link #nameBudgetSpent()}.
     */
    String readName(long offset) {
        String name = names.cached(offset);
        if (name == null) {
            name = bytes.readString(offset, MAX_NAME_LENGTH);
            if (name == null) {
                return null;
            }
            checkNameLength(name, offset, MAX_NAME_LENGTH);
            names.cache(offset, name);
        } else {
            // Each reference to a name cut at the limit is reported, as when it was read afresh.
            checkNameLength(name, offset, MAX_NAME_LENGTH);
        }
        names.charge(name);
        return name;
    }

    /** Charges a name read some other way (an import's hint/name entry) to the budget. */
    void chargeName(String name) {
        names.charge(name);
    }

    /** True once this parse has handed out its share of name characters (see {@link NameBudget}). */
    boolean nameBudgetSpent() {
        return names.isSpent();
    }

    long nameBudget() {
        return names.limit();
    }

    /** Reports a name that was cut at the limit: it fills the window and no NUL follows it. */
    void checkNameLength(String name, long offset, int limit) {
        // Bytes, not chars: a UTF-8 name is shorter in chars than the bytes it filled. But no
        // char stands for more than 3 bytes, so a name of fewer than a quarter of the limit in
        // chars cannot have filled it, and most names need no second scan.
        if (name != null && 4L * name.length() >= limit && bytes.contains(offset, limit)
                && !bytes.isTerminatedWithin(offset, limit + 1)) {
            anomalyAt(Kind.NAME_TOO_LONG, offset, limit,
                    "name at file offset 0x%X runs past %d bytes without a terminator; read up to there", offset, limit);
        }
    }
}
