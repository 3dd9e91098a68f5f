package pescope.pe;

/** The optional header's CheckSum and the value the PE checksum algorithm gives for the file. */
public record Checksum(long stored, long computed) {

    public boolean agrees() {
        return stored == computed;
    }
}
