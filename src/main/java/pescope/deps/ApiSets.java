package pescope.deps;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pescope.pe.ApiSetSchema;

/**
 * Maps API set contracts to their hosts as ntdll does, over one {@link ApiSetSchema}.
 *
 * <ul>
 * <li>Only names that start with "api-" or "ext-" (any case) are contracts.
 * <li>Version 6 compares the name without its last "-N" part (and ".dll") with each entry's
 *     hashed part: api-ms-win-core-synch-l1-2-0 finds the entry api-ms-win-core-synch-l1-2-1.
 *     Versions 2 and 4 compare the whole name without prefix and ".dll".
 * <li>Case is ignored (RtlCompareUnicodeString with CaseInSensitive TRUE).
 * <li>A value for the importing module wins over the default (the first value).
 * </ul>
 */
public final class ApiSets {

    /** What the schema says about one imported name. */
    public sealed interface Lookup permits NotAContract, Hosted, Absent {}

    /** Not an API set name, or one the schema does not list: the loader searches for the file. */
    public record NotAContract() implements Lookup {}

    /** The contract and the DLL that hosts it for this importer. */
    public record Hosted(String contract, String host) implements Lookup {}

    /**
     * The schema lists the contract with no host (STATUS_APISET_NOT_HOSTED): the functionality
     * is absent on this system.
     */
    public record Absent(String contract) implements Lookup {}

    private static final String DLL = ".dll";

    private final ApiSetSchema schema;
    private final Map<String, ApiSetSchema.Contract> byMatchedName = new HashMap<>();

    public ApiSets(ApiSetSchema schema) {
        this.schema = schema;
        for (ApiSetSchema.Contract contract : schema.contracts()) {
            byMatchedName.putIfAbsent(fold(contract.matchedName()), contract);
        }
    }

    public ApiSetSchema schema() {
        return schema;
    }

    /** True for a name the loader hands to the schema: "api-" or "ext-" first, any case. */
    public static boolean looksLikeContract(String dllName) {
        String lower = dllName.toLowerCase(Locale.ROOT);
        return lower.startsWith("api-") || lower.startsWith("ext-");
    }

    /** How the loader maps {@code dllName}, imported by the module named {@code importer}. */
    public Lookup lookup(String dllName, String importer) {
        if (!looksLikeContract(dllName)) {
            return new NotAContract();
        }
        ApiSetSchema.Contract contract = byMatchedName.get(fold(matchedPart(dllName)));
        if (contract == null) {
            return new NotAContract();
        }
        List<ApiSetSchema.HostValue> values = contract.values();
        if (values.isEmpty()) {
            return new Absent(contract.name());
        }
        ApiSetSchema.HostValue chosen = values.get(0);
        for (ApiSetSchema.HostValue value : values.subList(1, values.size())) {
            if (importer != null && value.importer().equalsIgnoreCase(importer)) {
                chosen = value;
                break;
            }
        }
        return chosen.host().isEmpty() ? new Absent(contract.name()) : new Hosted(contract.name(), chosen.host());
    }

    /** The part of an imported name that is compared with the schema's entries. */
    private String matchedPart(String dllName) {
        if (schema.version() >= 6) {
            int lastHyphen = dllName.lastIndexOf('-');
            return lastHyphen > 0 ? dllName.substring(0, lastHyphen) : dllName;
        }
        String name = dllName.substring(4);
        return name.toLowerCase(Locale.ROOT).endsWith(DLL) ? name.substring(0, name.length() - DLL.length()) : name;
    }

    private static String fold(String name) {
        return ModuleLocator.foldCase(name);
    }
}
