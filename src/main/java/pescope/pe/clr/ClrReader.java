package pescope.pe.clr;

import io.kaitai.struct.ByteBufferKaitaiStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.ClrHeader.RvaAndSize;
import pescope.pe.Anomaly;
import pescope.pe.Anomaly.Kind;
import pescope.pe.DataDirectory;
import pescope.pe.PeImage;
import pescope.pe.RvaMapper;

/**
 * Reads the COM Descriptor directory (entry 14) of a parsed image: the CLR header, then the
 * metadata block it points at. Empty when the image has no such directory; a damaged header or
 * block gives a {@link ClrImage} with anomalies and whatever could be read.
 */
public final class ClrReader {

    public static final int COM_DESCRIPTOR = 14;
    static final int HEADER_SIZE = 72;

    private ClrReader() {}

    /** Maps {@code file} again and reads its CLR data; {@code image} is that file already parsed. */
    public static Optional<ClrImage> read(Path file, PeImage image) throws IOException {
        if (image.directory(COM_DESCRIPTOR).map(d -> !d.isPresent()).orElse(true)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(image, channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        }
    }

    public static Optional<ClrImage> read(PeImage image, ByteBuffer fileBytes) {
        Optional<DataDirectory> directory = image.directory(COM_DESCRIPTOR).filter(DataDirectory::isPresent);
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        RvaMapper mapper = new RvaMapper(image.sections(), image.optionalHeader().sectionAlignment(),
                image.optionalHeader().fileAlignment(), image.optionalHeader().sizeOfHeaders(), fileBytes.capacity());
        return Optional.of(read(mapper, directory.get().rva(), fileBytes));
    }

    /** The CLR header at {@code rva} and the metadata it points at, in a file mapped by {@code mapper}. */
    public static ClrImage read(RvaMapper mapper, long rva, ByteBuffer fileBytes) {
        ByteBuffer bytes = fileBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<Anomaly> anomalies = new ArrayList<>();
        long offset = mapper.mapRvaToOffset(rva);
        if (offset == RvaMapper.NOT_IN_FILE || offset + HEADER_SIZE > bytes.capacity()) {
            anomalies.add(anomaly(Kind.CLR_HEADER_DAMAGED, "CLR header at RVA 0x%X is not in the file", rva));
            return new ClrImage(null, "", Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(), anomalies);
        }
        pescope.format.ClrHeader raw = new pescope.format.ClrHeader(
                new ByteBufferKaitaiStream(bytes.slice((int) offset, HEADER_SIZE)));
        ClrHeader header = new ClrHeader(raw.cb(), raw.majorRuntimeVersion(), raw.minorRuntimeVersion(),
                location(raw.metadata()), raw.flags(), raw.entryPointToken(), location(raw.resources()),
                location(raw.strongNameSignature()), location(raw.codeManagerTable()), location(raw.vtableFixups()),
                location(raw.exportAddressTableJumps()), location(raw.managedNativeHeader()));
        if (header.cb() < HEADER_SIZE) {
            anomalies.add(anomaly(Kind.CLR_HEADER_DAMAGED, "CLR header size (cb) is %d; it should be %d",
                    header.cb(), HEADER_SIZE));
        }
        long metadataOffset = mapper.mapRvaToOffset(header.metadata().rva());
        if (metadataOffset == RvaMapper.NOT_IN_FILE || header.metadata().size() == 0) {
            anomalies.add(anomaly(Kind.METADATA_DAMAGED, "metadata at RVA 0x%X (0x%X bytes) is not in the file",
                    header.metadata().rva(), header.metadata().size()));
            return new ClrImage(header, "", Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(), anomalies);
        }
        long size = Math.min(header.metadata().size(), bytes.capacity() - metadataOffset);
        if (size < header.metadata().size()) {
            anomalies.add(anomaly(Kind.METADATA_DAMAGED,
                    "metadata at RVA 0x%X declares 0x%X bytes; the file holds 0x%X", header.metadata().rva(),
                    header.metadata().size(), size));
        }
        Metadata metadata = MetadataReader.read(bytes.slice((int) metadataOffset, (int) size));
        return model(header, metadata, anomalies);
    }

    static Anomaly anomaly(Kind kind, String format, Object... args) {
        return Anomaly.of(kind, Anomaly.Location.of(kind.structure()), format, args);
    }

    /** The model of a metadata block on its own (tests and the fuzz suite use this). */
    public static ClrImage model(ClrHeader header, Metadata metadata, List<Anomaly> headerAnomalies) {
        ManagedModuleReader module = new ManagedModuleReader(metadata, metadata.anomaliesSink());
        List<String> moduleRefs = module.moduleRefs();
        Optional<AssemblyIdentity> assembly = module.assembly();
        List<AssemblyIdentity> assemblyRefs = module.assemblyRefs();
        List<PInvokeImport> pinvokes = module.pinvokes(moduleRefs);
        List<Anomaly> anomalies = new ArrayList<>(headerAnomalies);
        anomalies.addAll(metadata.anomalies());
        return new ClrImage(header, metadata.version(), assembly, assemblyRefs, moduleRefs, pinvokes, metadata.streams(),
                metadata.tableSummaries(), anomalies);
    }

    private static ClrHeader.Location location(RvaAndSize raw) {
        return new ClrHeader.Location(raw.rva(), raw.size());
    }
}
