package pescope.pe;

import java.util.Optional;

/**
 * Parses one data directory into its model type. A reader keeps no state of its own: everything
 * one parse shares (bytes, RVA mapper, limits, anomalies) is in the {@link ParseContext}, which
 * is also scoped to the directory, so anomalies carry where they were found.
 *
 * @param <T> the model type, by which {@link PeImage#directory(Class)} finds the result
 */
interface DirectoryReader<T> {

    Class<T> type();

    /** Reads the directory an entry points at; empty when there is nothing to show. */
    Optional<T> read(ParseContext context, DataDirectory entry);
}
