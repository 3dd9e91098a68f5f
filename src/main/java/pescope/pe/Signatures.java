package pescope.pe;

import java.util.List;
import pescope.pe.authenticode.Signature;

/** The Authenticode signatures of an image, primary and nested, in certificate-table order. */
public record Signatures(List<Signature> all) {
    public Signatures {
        all = List.copyOf(all);
    }
}
