package pescope.pe.clr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pescope.pe.PeReader;
import pescope.testing.Oracles;

/**
 * The CLR header, metadata streams and every table's row count and row size against Mono's
 * pedump (Debian mono-utils). Row sizes are what the index widths make of each ksy row layout,
 * so this checks the layouts of every table these assemblies use.
 */
class ClrPedumpTest {

    @ParameterizedTest
    @ValueSource(strings = {"testdata/clr/pinvoke.exe", "/usr/lib/mono/4.5/mscorlib.dll", "/usr/lib/mono/4.5/System.dll",
            "/usr/lib/mono/4.5/System.Core.dll", "/usr/lib/mono/4.5/System.Drawing.dll", "/usr/lib/mono/4.5/System.Data.dll",
            "/usr/lib/mono/4.5/Mono.Posix.dll", "/usr/lib/mono/4.5/System.Xml.dll", "/usr/lib/mono/4.5/Mono.Security.dll", "/usr/lib/mono/4.5/System.Windows.Forms.dll"})
    void headerStreamsAndTablesEqualPedump(String name) throws Exception {
        Path file = Path.of(name);
        Oracles.require(Files.isRegularFile(file), file + " (Debian Mono packages, see .ci/run)");
        Oracles.require(Files.isExecutable(Path.of("/usr/bin/pedump")), "pedump (Debian mono-utils)");
        Process process = new ProcessBuilder("/usr/bin/pedump", file.toString()).redirectErrorStream(true).start();
        String pedump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        ClrImage clr = ClrReader.read(file, PeReader.headersOnly().read(file)).orElseThrow();
        ClrHeader h = clr.header();

        assertEquals(field(pedump, "CLI header size: (\\d+)"), String.valueOf(h.cb()));
        assertEquals(field(pedump, "Runtime required: (\\S+)"), h.majorRuntimeVersion() + "." + h.minorRuntimeVersion());
        assertEquals(field(pedump, "\\s+Flags: (ilonly|contains native).*"), h.ilOnly() ? "ilonly" : "contains native");
        assertEquals(field(pedump, "\\s+Flags: .*, (notsigned|signed)"), h.strongNameSigned() ? "signed" : "notsigned");
        assertEquals(field(pedump, "Metadata: (0x\\S+ \\[0x\\S+\\])"), location(h.metadata()));
        assertEquals(field(pedump, "Entry Point Token: (0x\\S+)"), String.format("0x%08x", h.entryPointToken()));
        assertEquals(field(pedump, "Resources at: (.*)"), location(h.resources()));
        assertEquals(field(pedump, "Strong Name at: (.*)"), location(h.strongNameSignature()));
        assertEquals(field(pedump, "Code Manager at: (.*)"), location(h.codeManagerTable()));
        assertEquals(field(pedump, "VTableFixups at: (.*)"), location(h.vtableFixups()));
        assertEquals(field(pedump, "EAT jumps at: (.*)"), location(h.exportAddressTableJumps()));
        assertEquals(field(pedump, "Version string: (.*)"), clr.runtimeVersion());

        List<String> pedumpStreams = new ArrayList<>();
        Matcher streams = Pattern.compile("(?m)^\\s+(Tables \\(#[~-]\\)|Strings|Blob|User string|GUID): (0x\\S+) - \\S+ \\[(\\d+) ==")
                .matcher(pedump);
        while (streams.find()) {
            pedumpStreams.add(streams.group(1) + " " + streams.group(2) + " " + streams.group(3));
        }
        List<String> ourStreams = new ArrayList<>();
        for (MetadataStream s : clr.streams()) {
            String label = switch (s.name()) {
                case "#~", "#-" -> "Tables (" + s.name() + ")";
                case "#Strings" -> "Strings";
                case "#Blob" -> "Blob";
                case "#US" -> "User string";
                case "#GUID" -> "GUID";
                default -> null;
            };
            if (label != null) {
                ourStreams.add(label + " " + String.format("0x%08x", s.offset()) + " " + s.size());
            }
        }
        assertEquals(sorted(pedumpStreams), sorted(ourStreams));

        List<String> pedumpTables = new ArrayList<>();
        Matcher tables = Pattern.compile("(?m)^Table \\S+: (\\d+) records \\((\\d+) bytes").matcher(pedump);
        while (tables.find()) {
            pedumpTables.add(tables.group(1) + " x " + tables.group(2));
        }
        List<String> ourTables = clr.tables().stream().map(t -> t.rows() + " x " + t.rowSize()).toList();
        assertEquals(pedumpTables, ourTables);
        assertEquals(List.of(), clr.anomalies());
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile("(?m)^\\s*" + regex + "$").matcher(text);
        return m.find() ? m.group(1).trim() : "(not in pedump output: " + regex + ")";
    }

    private static String location(ClrHeader.Location l) {
        return String.format(Locale.ROOT, "0x%08x [0x%08x]", l.rva(), l.size());
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
