package pescope.deps;

import java.nio.file.Path;
import java.util.List;
import pescope.pe.clr.PInvokeImport;

/**
 * What checking an assembly's P/Invokes against the native modules found: each module it names,
 * and for each P/Invoke how the entry point binds or why it fails. These fail at the first call
 * (DllNotFoundException, EntryPointNotFoundException), not when the program starts, so they are
 * reported apart from load-time problems.
 */
public record PInvokeCheck(String assembly, List<Target> targets, List<Binding> bindings) {

    public PInvokeCheck {
        targets = List.copyOf(targets);
        bindings = List.copyOf(bindings);
    }

    /** A native module as a DllImport names it, and the file the search found for it (null when none). */
    public record Target(String module, Path file, int machine, String foundBy, List<String> tried, String problem,
            boolean nonWindows) {
        public Target {
            tried = List.copyOf(tried);
        }

        public boolean isFound() {
            return file != null && problem == null;
        }

        /** The file name found, or the module name as written when none was. */
        public String name() {
            return file != null ? file.getFileName().toString() : module;
        }
    }

    /** How an entry point bound: the name as given, an A/W suffixed name, the x86 stdcall decoration, or an ordinal. */
    public enum Match {
        EXACT, SUFFIXED, DECORATED, ORDINAL;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Reason {
        MODULE_NOT_FOUND, ENTRY_POINT_NOT_FOUND;

        /** "module-not-found", "entry-point-not-found". */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One P/Invoke checked. {@code match} and {@code boundName} are set when it binds, {@code reason}
     * when it does not; {@code tried} lists the names looked up in order; {@code forwardedTo} is
     * the "module!name" a forwarder chain ended at, or null.
     */
    public record Binding(PInvokeImport pinvoke, Target target, Match match, String boundName, List<String> tried,
            Reason reason, String forwardedTo) {
        public Binding {
            tried = List.copyOf(tried);
        }

        public boolean binds() {
            return reason == null;
        }
    }

    public List<Binding> problems() {
        return bindings.stream().filter(b -> !b.binds()).toList();
    }

    /** Counts for a summary line: how many bound by each match, and how many failed for each reason. */
    public long count(Match match) {
        return bindings.stream().filter(b -> b.match() == match).count();
    }

    public long count(Reason reason, boolean nonWindows) {
        return bindings.stream().filter(b -> b.reason() == reason && b.target().nonWindows() == nonWindows).count();
    }
}
