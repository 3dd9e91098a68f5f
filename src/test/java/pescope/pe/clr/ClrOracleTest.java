package pescope.pe.clr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pescope.pe.PeReader;
import pescope.testing.Oracles;

/**
 * ModuleRef, AssemblyRef and ImplMap rows of Debian's Mono assemblies, row for row against
 * monodis (Debian mono-utils) through tools/golden/monodis_golden.py. The committed golden holds
 * for the exact file its sha256 names; for another build of the package the script runs live.
 */
class ClrOracleTest {

    private static final Path MONO = Path.of("/usr/lib/mono/4.5");
    private static final Path GOLDEN = Path.of("src/test/resources/golden-mono");

    @ParameterizedTest
    @ValueSource(strings = {"mscorlib.dll", "System.dll", "System.Core.dll", "System.Drawing.dll", "System.Data.dll",
            "Mono.Posix.dll", "Mono.Data.Sqlite.dll", "Mono.Security.dll", "System.Configuration.dll",
            "System.Xml.dll", "System.Security.dll", "System.Numerics.dll", "Microsoft.CSharp.dll",
            "System.Windows.Forms.dll", "Mono.WebBrowser.dll", "Accessibility.dll"})
    void rowsEqualMonodis(String name) throws Exception {
        Path file = MONO.resolve(name);
        Oracles.require(Files.isRegularFile(file), file + " (Debian libmono-corlib4.5-dll, libmono-system4.0-cil, "
                + "libmono-system-drawing4.0-cil, libmono-system-data4.0-cil, libmono-posix4.0-cil, libmono-sqlite4.0-cil, "
                + "libmono-system-windows-forms4.0-cil, libmono-microsoft-csharp4.0-cil)");
        List<String> expected = golden(name, file);
        ClrImage clr = ClrReader.read(file, PeReader.headersOnly().read(file)).orElseThrow();
        assertEquals(List.of(), clr.anomalies());
        List<String> actual = ours(clr);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(withoutIlasmQuotes(expected.get(i)), actual.get(i), name + ": row line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), name + ": number of rows");
    }

    /**
     * The one disagreement: monodis writes a name that is an ILAsm keyword in single quotes
     * (Mono.Posix's {@code Syscall::'dup'}), as ildasm does, so that its output reassembles; the
     * metadata holds {@code dup}.
     */
    static String withoutIlasmQuotes(String line) {
        return line.replaceAll("::'([^']+)'$", "::$1");
    }

    private static List<String> golden(String name, Path file) throws Exception {
        List<String> committed = Files.readAllLines(GOLDEN.resolve(name + ".txt"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        if (committed.get(0).equals("sha256\t" + sha)) {
            return committed.subList(1, committed.size());
        }
        Oracles.require(onPath("monodis"), "monodis (Debian mono-utils), for a Mono build other than the golden's");
        Process process = new ProcessBuilder("/usr/bin/python3", "tools/golden/monodis_golden.py", file.toString())
                .redirectErrorStream(true).start();
        List<String> live = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, process.waitFor(), String.join("\n", live));
        return live.subList(1, live.size());
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Our rows in the golden's line format. */
    private static List<String> ours(ClrImage clr) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < clr.moduleRefs().size(); i++) {
            lines.add("moduleref\t" + (i + 1) + "\t" + clr.moduleRefs().get(i));
        }
        for (int i = 0; i < clr.assemblyRefs().size(); i++) {
            AssemblyIdentity ref = clr.assemblyRefs().get(i);
            lines.add(String.join("\t", "assemblyref", String.valueOf(i + 1), ref.name(), ref.version(),
                    String.valueOf(ref.flags()), ref.publicKeyOrToken()));
        }
        for (PInvokeImport p : clr.pinvokes()) {
            lines.add(String.join("\t", "implmap", String.valueOf(p.row()), String.valueOf(p.mappingFlags()),
                    p.entryPoint(), p.module(), p.method()));
        }
        return lines;
    }
}
