package pescope.pe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything the resource, certificate, Rich-header and whole-file readers say about one file. */
record FileFacts(PeImage image, Resources resources, List<Certificate> certificates, Optional<RichHeader> richHeader,
        Optional<Overlay> overlay, Checksum checksum, Hashes hashes, List<Anomaly> anomalies) {

    static FileFacts read(Path file) throws IOException, NotAPeFileException {
        return read(file.toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    static FileFacts read(String name, ByteBuffer buffer) throws NotAPeFileException {
        PeImage image = PeReader.everything().read(name, buffer);
        ImageBytes bytes = new ImageBytes(buffer);
        OptionalHeader h = image.optionalHeader();
        RvaMapper mapper = new RvaMapper(image.sections(), h.sectionAlignment(), h.fileAlignment(), h.sizeOfHeaders(),
                bytes.size());
        Anomalies anomalies = new Anomalies();
        DataDirectory none = new DataDirectory(0, 0, 0);
        Resources resources = new ResourceReader(bytes, mapper, anomalies).read(image.directory(2).orElse(none));
        List<Certificate> certificates = new CertificateReader(bytes, anomalies)
                .read(image.directory(DataDirectory.CERTIFICATES).orElse(none));
        Optional<RichHeader> rich = new RichHeaderReader(bytes, anomalies).read(image.peHeaderOffset());
        WholeFile whole = new WholeFile(bytes);
        long optionalOffset = image.peHeaderOffset() + 24;
        Optional<Overlay> overlay = whole.overlay(optionalOffset, image.fileHeader().sizeOfOptionalHeader(),
                image.sections(), image.dataDirectories(), mapper);
        return new FileFacts(image, resources, certificates, rich, overlay, whole.checksum(optionalOffset, h.checkSum()),
                whole.hashes(image.imports(), image.sections(), mapper), anomalies.toList());
    }
}
