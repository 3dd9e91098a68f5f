package pescope.pe;

/**
 * The one fatal outcome of parsing: the bytes are not a PE image at all
 * (no "MZ", no "PE\0\0"). Everything less severe is an {@link Anomaly}.
 */
public final class NotAPeFileException extends Exception {
    public NotAPeFileException(String reason) {
        super(reason);
    }
}
