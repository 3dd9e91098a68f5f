package pescope.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pescope.format.TlsDirectory.Pointer;
import pescope.format.U4Table;
import pescope.format.U8Table;
import pescope.pe.Anomaly.Kind;

/**
 * Reads the TLS directory and its callback array. The array holds VAs up to a 0; each is turned
 * into an RVA against the image base, and the array is read through the RVA of its own VA.
 */
final class TlsReader implements DirectoryReader<TlsDirectory> {

    /** Callbacks read before giving up on finding the terminating 0; compilers emit a handful. */
    static final int MAX_TLS_CALLBACKS = 0x400;

    /** The context of one parse; null in the registry's instance, which makes one per parse. */
    private final DirectorySource source;

    TlsReader() {
        this(null);
    }

    private TlsReader(DirectorySource source) {
        this.source = source;
    }

    @Override
    public Class<TlsDirectory> type() {
        return TlsDirectory.class;
    }

    @Override
    public Optional<TlsDirectory> read(ParseContext context, DataDirectory entry) {
        return new TlsReader(new DirectorySource(context)).read(entry);
    }

    private Optional<TlsDirectory> read(DataDirectory dir) {
        boolean is64 = source.isPe32Plus();
        long rva = dir.rva();
        int size = is64 ? 40 : 24;
        pescope.format.TlsDirectory raw = source.parseAtRva(rva, size, io -> new pescope.format.TlsDirectory(io, is64));
        if (raw == null) {
            source.anomaly(Kind.TLS_DIRECTORY_DAMAGED, "TLS directory at RVA 0x%X is not in the file", rva);
            return Optional.empty();
        }
        long callbacksVa = value(raw.addressOfCallBacks());
        return Optional.of(new TlsDirectory(value(raw.startAddressOfRawData()), value(raw.endAddressOfRawData()),
                value(raw.addressOfIndex()), callbacksVa, raw.sizeOfZeroFill(), raw.characteristics(),
                readCallbacks(callbacksVa, is64)));
    }

    private List<TlsDirectory.Callback> readCallbacks(long arrayVa, boolean is64) {
        if (arrayVa == 0) {
            return List.of();
        }
        long imageBase = source.header.imageBase();
        long arrayRva = arrayVa - imageBase;
        int width = is64 ? 8 : 4;
        List<TlsDirectory.Callback> callbacks = new ArrayList<>();
        for (int i = 0; ; i++) {
            long slotRva = arrayRva + (long) i * width;
            long offset = arrayRva < 0 ? RvaMapper.NOT_IN_FILE : source.offsetOf(slotRva);
            if (offset == RvaMapper.NOT_IN_FILE || !source.bytes.contains(offset, width)) {
                source.anomaly(Kind.TLS_CALLBACKS_DAMAGED,
                        "TLS callback %d at VA 0x%X is not in the file; %d read", i, arrayVa + (long) i * width, i);
                return callbacks;
            }
            long va = is64
                    ? source.parseAtOffset(offset, 8, io -> new U8Table(io, 1)).entries().get(0)
                    : source.parseAtOffset(offset, 4, io -> new U4Table(io, 1)).entries().get(0);
            if (va == 0) {
                return callbacks;
            }
            if (i == MAX_TLS_CALLBACKS) {
                source.anomaly(Kind.TLS_CALLBACKS_TOO_MANY,
                        "TLS callback array at VA 0x%X has no terminating 0 within %d entries", arrayVa, MAX_TLS_CALLBACKS);
                return callbacks;
            }
            long rva = va - imageBase;
            if (rva < 0 || rva >= source.header.sizeOfImage()) {
                // The loader calls whatever address is there; outside the image it is code from elsewhere.
                source.anomaly(Kind.TLS_CALLBACK_OUTSIDE_IMAGE,
                        "TLS callback %d at VA 0x%X lies outside the image (base 0x%X, size 0x%X)",
                        i, va, imageBase, source.header.sizeOfImage());
            }
            callbacks.add(new TlsDirectory.Callback(va, rva));
        }
    }

    private static long value(Pointer pointer) {
        return pointer.value();
    }
}
