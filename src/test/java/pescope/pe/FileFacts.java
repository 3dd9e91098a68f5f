package pescope.pe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything the resource, certificate, Rich-header and whole-file readers say about one file, through PeImage. */
record FileFacts(PeImage image, Resources resources, List<Certificate> certificates, Optional<RichHeader> richHeader,
        Optional<Overlay> overlay, Checksum checksum, Hashes hashes, List<Anomaly> anomalies) {

    static FileFacts read(Path file) throws IOException, NotAPeFileException {
        return read(file.toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    static FileFacts read(String name, ByteBuffer buffer) throws NotAPeFileException {
        PeImage image = PeReader.everything().read(name, buffer);
        return new FileFacts(image, image.directory(Resources.class).orElse(Resources.NONE),
                image.directory(Certificates.class).map(Certificates::entries).orElse(List.of()),
                image.directory(RichHeader.class), image.directory(Overlay.class),
                image.directory(Checksum.class).orElseThrow(), image.directory(Hashes.class).orElseThrow(),
                image.anomalies());
    }
}
