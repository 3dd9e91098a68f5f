package pescope.pe;

import java.util.Optional;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;

/**
 * Data directory 14 (COM Descriptor): the CLR header and the .NET metadata, read by
 * {@link ClrReader} (self-contained, so deps and the tests use it on their own too). Its
 * anomalies join the image's, located in "clr".
 */
final class ClrDirectoryReader implements DirectoryReader<ClrImage> {

    @Override
    public Class<ClrImage> type() {
        return ClrImage.class;
    }

    @Override
    public Optional<ClrImage> read(ParseContext context, DataDirectory entry) {
        ClrImage clr = ClrReader.read(context.mapper(), entry.rva(), context.fileBytes());
        clr.anomalies().forEach(a -> context.anomaly(a.kind(), "%s", a.message()));
        return Optional.of(clr);
    }
}
