package pescope.pe;

import java.util.List;

/** The certificate table: its WIN_CERTIFICATE entries in file order. */
public record Certificates(List<Certificate> entries) {
    public Certificates {
        entries = List.copyOf(entries);
    }
}
