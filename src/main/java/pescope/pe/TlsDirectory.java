package pescope.pe;

import java.util.List;

/**
 * The thread-local storage directory. The addresses are VAs, as the file stores them;
 * {@code callbacks} are the callback VAs up to the terminating 0, each with its RVA
 * (VA minus image base) beside it.
 */
public record TlsDirectory(
        long startAddressOfRawData,
        long endAddressOfRawData,
        long addressOfIndex,
        long addressOfCallBacks,
        long sizeOfZeroFill,
        long characteristics,
        List<Callback> callbacks) {

    public TlsDirectory {
        callbacks = List.copyOf(callbacks);
    }

    public record Callback(long va, long rva) {}
}
