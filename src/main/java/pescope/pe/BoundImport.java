package pescope.pe;

import java.util.List;

/** An entry of the bound import directory: the DLL the image was bound to, and when. */
public record BoundImport(String dllName, long timeDateStamp, List<Forwarder> forwarders) {
    public BoundImport {
        forwarders = List.copyOf(forwarders);
    }

    /** A module that a bound DLL forwards to, which the binder checked as well. */
    public record Forwarder(String dllName, long timeDateStamp) {}
}
