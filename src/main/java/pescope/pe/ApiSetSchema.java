package pescope.pe;

import java.util.List;

/**
 * The API set schema of an {@code apisetschema.dll}: which DLL hosts each contract. Immutable;
 * read by {@link ApiSetSchemaReader}, resolved by {@code pescope.deps.ApiSets}.
 *
 * @param version   2 (Windows 7 and 8), 4 (8.1) or 6 (10 and 11)
 * @param contracts in schema order
 * @param problems  what is damaged, for people: counts cut to the schema's size, entries that
 *                  point outside it (left out), version 6 hashes that disagree with their names
 */
public record ApiSetSchema(int version, List<Contract> contracts, List<String> problems) {

    public ApiSetSchema {
        contracts = List.copyOf(contracts);
        problems = List.copyOf(problems);
    }

    /**
     * One contract.
     *
     * @param name         as stored: version 6 keeps the whole name without ".dll"
     *                     ("api-ms-win-core-synch-l1-2-0"); versions 2 and 4 leave out the
     *                     "api-"/"ext-" prefix too ("ms-win-core-synch-l1-2-0")
     * @param hashedLength version 6: how many characters of the name the loader compares (the
     *                     name without its last "-N"); versions 2 and 4: the whole name
     * @param values       the default host first, then hosts for particular importers; empty,
     *                     or a default with an empty host, when no DLL hosts the contract
     */
    public record Contract(String name, int hashedLength, List<HostValue> values) {
        public Contract {
            values = List.copyOf(values);
        }

        /** The part of the name the loader matches. */
        public String matchedName() {
            return name.substring(0, Math.min(hashedLength, name.length()));
        }
    }

    /**
     * A host: for every importer ({@code importer} empty, the first value), or for one importing
     * module. An empty {@code host} says the contract has no host.
     */
    public record HostValue(String importer, String host) {}
}
