package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import pescope.testing.Oracles;

/**
 * pescope's reading of Wine's apisetschema.dll against an independent one: tools/apiset_map.py,
 * written from the documented layout only, prints every entry → host; both must agree line for
 * line.
 */
class ApiSetOracleTest {

    private static final Path WINE_SCHEMA = Path.of("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/apisetschema.dll");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void readsEveryEntryAndHostOfWinesSchemaAsTheIndependentScriptDoes() throws Exception {
        Oracles.require(Files.isRegularFile(WINE_SCHEMA), "Wine's apisetschema.dll (Debian libwine)");
        Oracles.require(Files.isExecutable(PYTHON), "/usr/bin/python3 with pefile (Debian python3-pefile)");

        List<String> expected = runScript();
        ApiSetSchema schema = ApiSetSchemaReader.read(WINE_SCHEMA);
        List<String> actual = new ArrayList<>();
        for (ApiSetSchema.Contract contract : schema.contracts()) {
            if (contract.values().isEmpty()) {
                actual.add(contract.name() + "\t*\t");
            }
            for (int i = 0; i < contract.values().size(); i++) {
                ApiSetSchema.HostValue value = contract.values().get(i);
                actual.add(contract.name() + "\t" + (i == 0 ? "*" : value.importer()) + "\t" + value.host());
            }
        }

        assertEquals(expected, actual);
        assertEquals(6, schema.version());
        assertEquals(List.of(), schema.problems());
        assertEquals(504, schema.contracts().size());
        Set<String> hosts = new TreeSet<>();
        schema.contracts().forEach(c -> c.values().forEach(v -> hosts.add(v.host())));
        hosts.remove("");
        assertEquals(77, hosts.size(), hosts.toString());
        assertEquals(3, schema.contracts().stream().filter(c -> c.values().stream().allMatch(v -> v.host().isEmpty())).count());
    }

    private static List<String> runScript() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), "tools/apiset_map.py", WINE_SCHEMA.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "tools/apiset_map.py failed");
        return out.lines().toList();
    }
}
