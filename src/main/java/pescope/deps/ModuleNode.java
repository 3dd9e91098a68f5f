package pescope.deps;

import java.nio.file.Path;
import java.util.List;
import pescope.pe.Anomaly;

/**
 * One module of a dependency graph: a file the search path found (keyed by that file), or an
 * imported name it did not find (keyed by the name). Nullable fields are null where the status
 * makes them meaningless.
 *
 * @param id         index in {@link DependencyGraph#modules()}, in discovery order; the root is 0
 * @param name       the file name as found on disk, or the name as imported when missing
 * @param path       the file; null when missing
 * @param foundBy    how the loader came to it: "root", "apiset" (the host of an API set
 *                   contract, or a contract with no host), "sxs" (redirected by the activation
 *                   context), or the search step that found it ("knowndll", "application",
 *                   "system"...); null when missing
 * @param machine    IMAGE_FILE_MACHINE of the file; 0 when it was not read
 * @param problem    why it cannot load, or for a found module the wrong-machine file the search
 *                   passed over; for people; null when there is nothing to say
 * @param skipped    a wrong-machine file that the search passed over before this one
 *                   ({@link SearchPath.WrongMachine#SKIP}); otherwise null
 * @param laterMatch for a wrong-machine module under {@link SearchPath.WrongMachine#STOP}: a file
 *                   of the right machine further down the search path, which the loader never
 *                   reaches; otherwise null
 * @param depth      fewest edges from the root when discovered
 * @param expanded   whether its imports were resolved (false when the depth limit stopped it,
 *                   or when it did not load)
 * @param anomalies  for a {@code DAMAGED} module, what is wrong with its import or export data
 *                   or its sections; otherwise empty
 */
public record ModuleNode(
        int id,
        String name,
        Status status,
        Path path,
        String foundBy,
        int machine,
        String problem,
        Path skipped,
        Path laterMatch,
        int depth,
        boolean expanded,
        List<Anomaly> anomalies) {

    public ModuleNode {
        anomalies = List.copyOf(anomalies);
    }

    public enum Status {
        FOUND,
        /** No step of the search path has a file of that name (STATUS_DLL_NOT_FOUND, error 126). */
        MISSING,
        /**
         * The file found is for another machine, and the loader stops there or finds no other
         * (STATUS_INVALID_IMAGE_FORMAT, error 193).
         */
        WRONG_MACHINE,
        /** The first file found cannot be read or is not a PE image; the loader stops there too. */
        UNREADABLE,
        /**
         * The file is a PE image of the right machine, but its sections run past the end of the
         * file or its import or export data is damaged: the loader cannot map it or bind
         * through it (a 500-byte truncated DLL is not a DLL that loads).
         */
        DAMAGED,
        /**
         * An API set contract the schema lists with no host (STATUS_APISET_NOT_HOSTED): a static
         * import of it fails the load like a missing DLL; a delay import of it is how programs
         * use optional contracts (ext-ms-*), and fails only if the program calls into it
         * without checking (IsApiSetImplemented, or the delay-load failure hook).
         */
        ABSENT;

        /** "found", "missing", "wrong-machine", "unreadable", "damaged", "absent": the name JSON and scripts see. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public boolean isFound() {
        return status == Status.FOUND;
    }

    /** Found and loadable, with no wrong-machine file met on the way. */
    public boolean isClean() {
        return status == Status.FOUND && skipped == null;
    }
}
