package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.BaseRelocationBlock;
import pescope.format.U2Array;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the base relocation directory block by block, as the loader walks it: each block's
 * SizeOfBlock says where the next starts; a block smaller than its own head, or one that runs
 * past the directory, ends the walk.
 */
final class BaseRelocationReader implements DirectoryReader<BaseRelocations> {

    /** Blocks read from one directory: one per 4 KB page, so enough for a 256 MB image. */
    static final int MAX_RELOCATION_BLOCKS = 0x10000;
    /** Entries read from all blocks together; a 30 MB DLL has about 300,000. */
    static final int MAX_RELOCATION_ENTRIES = 0x100000;

    private static final int BLOCK_HEAD = 8;

    /** The context of one parse; null in the registry's instance, which makes one per parse. */
    private final DirectorySource source;

    BaseRelocationReader() {
        this(null);
    }

    private BaseRelocationReader(DirectorySource source) {
        this.source = source;
    }

    @Override
    public Class<BaseRelocations> type() {
        return BaseRelocations.class;
    }

    @Override
    public Optional<BaseRelocations> read(ParseContext context, DataDirectory entry) {
        return new BaseRelocationReader(new DirectorySource(context)).read(entry);
    }

    private Optional<BaseRelocations> read(DataDirectory dir) {
        List<BaseRelocations.Block> blocks = new ArrayList<>();
        long entriesRead = 0;
        long at = 0;
        boolean reportedOutside = false;
        while (dir.size() - at >= BLOCK_HEAD) {
            long rva = dir.rva() + at;
            if (blocks.size() == MAX_RELOCATION_BLOCKS) {
                source.anomaly(Kind.RELOCATIONS_TOO_MANY,
                        "base relocations: more than %d blocks; the rest are not read", MAX_RELOCATION_BLOCKS);
                break;
            }
            BaseRelocationBlock head = source.parseAtRva(rva, BLOCK_HEAD, BaseRelocationBlock::new);
            if (head == null) {
                source.anomaly(Kind.RELOCATIONS_DAMAGED,
                        "base relocation block %d at RVA 0x%X is not in the file", blocks.size(), rva);
                break;
            }
            long blockSize = head.sizeOfBlock();
            if (blockSize < BLOCK_HEAD || blockSize > dir.size() - at) {
                // The loader stops here too; a zero-filled tail after the last block is common and harmless.
                if (head.pageRva() != 0 || blockSize != 0) {
                    source.anomaly(Kind.RELOCATIONS_DAMAGED,
                            "base relocation block %d at RVA 0x%X: SizeOfBlock 0x%X does not fit the directory",
                            blocks.size(), rva, blockSize);
                }
                break;
            }
            if (head.pageRva() >= source.header.sizeOfImage() && !reportedOutside) {
                reportedOutside = true;
                // pefile stops reading here; the loader would patch memory past the image.
                source.anomaly(Kind.RELOCATION_OUTSIDE_IMAGE,
                        "base relocation block %d: page RVA 0x%X is past SizeOfImage 0x%X (later such blocks not listed)",
                        blocks.size(), head.pageRva(), source.header.sizeOfImage());
            }
            long declared = (blockSize - BLOCK_HEAD) / 2;
            long count = Math.min(declared, MAX_RELOCATION_ENTRIES - entriesRead);
            long entriesOffset = source.offsetOf(rva + BLOCK_HEAD);
            long inFile = entriesOffset == RvaMapper.NOT_IN_FILE ? 0 : source.bytesFrom(entriesOffset) / 2;
            if (count > inFile) {
                source.anomaly(Kind.RELOCATIONS_DAMAGED,
                        "base relocation block at RVA 0x%X: only %d of %d entries are in the file", rva, inFile, declared);
                count = inFile;
            }
            blocks.add(new BaseRelocations.Block(head.pageRva(), blockSize, readEntries(entriesOffset, (int) count)));
            entriesRead += count;
            if (count < declared) {
                if (entriesRead == MAX_RELOCATION_ENTRIES) {
                    source.anomaly(Kind.RELOCATIONS_TOO_MANY,
                            "base relocations: more than %d entries; the rest are not read", MAX_RELOCATION_ENTRIES);
                }
                break;
            }
            at += blockSize;
        }
        return Optional.of(new BaseRelocations(blocks));
    }

    private List<BaseRelocations.Entry> readEntries(long offset, int count) {
        if (count == 0) {
            return List.of();
        }
        U2Array table = source.parseAtOffset(offset, count * 2L, io -> new U2Array(io, count));
        return new BaseRelocations.Words(table.entries());
    }
}
