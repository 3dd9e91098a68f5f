package pescope.pe;

import java.util.EnumSet;
import java.util.Set;

/**
 * What is read from the file as a whole rather than from a data directory. {@link PeReader}
 * reads those it is asked for after the directories, and keeps each result in {@link PeImage}
 * under its type, like a directory's ({@code image.directory(RichHeader.class)}).
 */
public enum FileFact {
    /** {@link RichHeader}: the DOS stub, up to the PE header. */
    RICH_HEADER,
    /** {@link Overlay}: worked out from the headers, section table and directory entries. */
    OVERLAY,
    /** {@link Hashes} and {@link Checksum}: every byte of the file, so only when asked for. Needs the imports. */
    HASHES;

    /** The facts that cost no more than the headers. */
    public static Set<FileFact> cheap() {
        return EnumSet.of(RICH_HEADER, OVERLAY);
    }
}
