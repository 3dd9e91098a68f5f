package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.pe.PeReader;
import pescope.pe.clr.AssemblyIdentity;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;
import pescope.testing.Oracles;

/** Managed references of Mono's System.dll (monodis --assemblyref lists the six), found beside it or in Mono's GAC. */
class AssemblyRefCheckerTest {

    private static final Path MONO = Path.of("/usr/lib/mono/4.5");

    private static ClrImage clr(Path file) throws Exception {
        return ClrReader.read(file, PeReader.headersOnly().read(file)).orElseThrow();
    }

    private static Optional<AssemblyIdentity> identity(Path file) {
        try {
            return clr(file).assembly();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static List<String> outcome(Path assembly, List<Path> search, List<Path> gac) throws Exception {
        return new AssemblyRefChecker(SearchPath.nt(search, List.of()), new FileSystemLocator(), gac,
                AssemblyRefCheckerTest::identity).check(assembly, clr(assembly).assemblyRefs()).stream()
                .map(r -> r.reference().name() + " " + r.status().code() + " " + r.foundBy()).toList();
    }

    @Test
    void findsReferencesBesideTheAssembly() throws Exception {
        Oracles.require(Files.isRegularFile(MONO.resolve("System.dll")), "Mono's System.dll (Debian libmono-system4.0-cil)");
        assertEquals(List.of("mscorlib found application", "System.Configuration found application", "System.Xml found application",
                "Mono.Security found application", "System.Numerics found application", "System.Core found application"),
                outcome(MONO.resolve("System.dll"), List.of(), List.of()));
    }

    @Test
    void looksInTheGacOnlyWhenGivenOne(@TempDir Path app) throws Exception {
        Oracles.require(Files.isRegularFile(MONO.resolve("System.dll")), "Mono's System.dll (Debian libmono-system4.0-cil)");
        Path copy = Files.copy(MONO.resolve("System.dll"), app.resolve("System.dll"));
        assertEquals("System.Xml missing null", outcome(copy, List.of(), List.of()).get(2));
        // Mono keeps mscorlib outside its GAC, in 4.5/; every other reference is in gac/NAME/4.0.0.0__TOKEN/.
        assertEquals(List.of("mscorlib missing null", "System.Configuration found gac", "System.Xml found gac",
                "Mono.Security found gac", "System.Numerics found gac", "System.Core found gac"),
                outcome(copy, List.of(), List.of(Path.of("/usr/lib/mono/gac"))));
    }

    @Test
    void aFileOfAnotherVersionIsReportedAsSuch(@TempDir Path app) throws Exception {
        // pinvoke.exe wants mscorlib 4.0.0.0; a file named mscorlib.dll that is our pinvoke assembly (0.0.0.0) is not it.
        Path assembly = Files.copy(Path.of("testdata/clr/pinvoke.exe"), app.resolve("pinvoke.exe"));
        Files.copy(Path.of("testdata/clr/pinvoke.exe"), app.resolve("mscorlib.dll"));
        Files.copy(Path.of("testdata/clr/x64/clrnative.dll"), app.resolve("clrnative.dll"));
        List<AssemblyRefChecker.Result> results = new AssemblyRefChecker(SearchPath.nt(List.of(), List.of()),
                new FileSystemLocator(), List.of(), AssemblyRefCheckerTest::identity).check(assembly, clr(assembly).assemblyRefs());
        assertEquals(AssemblyRefChecker.Status.VERSION_DIFFERS, results.get(0).status());
        assertEquals("0.0.0.0", results.get(0).foundVersion());
        Files.delete(app.resolve("mscorlib.dll"));
        Files.copy(Path.of("testdata/clr/x64/clrnative.dll"), app.resolve("mscorlib.dll"));
        results = new AssemblyRefChecker(SearchPath.nt(List.of(), List.of()), new FileSystemLocator(), List.of(),
                AssemblyRefCheckerTest::identity).check(assembly, clr(assembly).assemblyRefs());
        assertEquals(AssemblyRefChecker.Status.NOT_AN_ASSEMBLY, results.get(0).status());
    }
}
