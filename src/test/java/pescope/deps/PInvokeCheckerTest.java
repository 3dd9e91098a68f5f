package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import pescope.deps.PInvokeCheck.Binding;
import pescope.deps.PInvokeCheck.Match;
import pescope.deps.PInvokeCheck.Reason;
import pescope.pe.PeReader;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;
import pescope.testing.Oracles;

/**
 * P/Invokes bound the way the CLR binds them: our own assembly against our own clrnative.dll
 * (testdata/README.md's clr/ table gives what each import must bind to), and Mono's mscorlib
 * against Wine's DLLs.
 */
class PInvokeCheckerTest {

    private static PInvokeCheck check(Path assembly, Path folder) throws Exception {
        ClrImage clr = ClrReader.read(assembly, PeReader.headersOnly().read(assembly)).orElseThrow();
        return new PInvokeChecker(SearchPath.nt(List.of(folder), List.of()), new FileSystemLocator())
                .check(assembly, clr.pinvokes());
    }

    private static Map<String, String> outcomes(PInvokeCheck check) {
        return check.bindings().stream().collect(Collectors.toMap(b -> b.pinvoke().entryPoint(),
                b -> b.binds() ? b.match().code() + " " + b.boundName() : b.reason().code(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void bindsEachEntryPointAsTheClrDoesOnX64() throws Exception {
        PInvokeCheck check = check(Path.of("testdata/clr/pinvoke.exe"), Path.of("testdata/clr/x64"));
        assertEquals(Map.of(
                "Exact", "exact Exact",
                "AnsiOnly", "suffixed AnsiOnlyA",
                "WideOnly", "suffixed WideOnlyW",
                "AutoPick", "suffixed AutoPickW",
                "ExactOnly", "entry-point-not-found",
                "Add", "exact Add",
                "#7", "ordinal #7",
                "FromNowhere", "module-not-found",
                "NotExported", "entry-point-not-found"), outcomes(check));
    }

    @Test
    void bindsTheStdcallImportByItsDecoratedNameOnX86() throws Exception {
        PInvokeCheck check = check(Path.of("testdata/clr/pinvoke.exe"), Path.of("testdata/clr/x86"));
        Binding add = check.bindings().stream().filter(b -> b.pinvoke().entryPoint().equals("Add")).findFirst().orElseThrow();
        assertEquals(Match.DECORATED, add.match());
        assertEquals("_Add@24", add.boundName());
        assertEquals(List.of("Add", "AddA", "_Add@24"), add.tried());
    }

    @Test
    void exactSpellingTriesOnlyTheNameAsGiven() throws Exception {
        PInvokeCheck check = check(Path.of("testdata/clr/pinvoke.exe"), Path.of("testdata/clr/x64"));
        Binding exactOnly = check.bindings().stream().filter(b -> b.pinvoke().entryPoint().equals("ExactOnly")).findFirst().orElseThrow();
        assertEquals(List.of("ExactOnly"), exactOnly.tried());
        assertEquals(Reason.ENTRY_POINT_NOT_FOUND, exactOnly.reason());
    }

    @Test
    void aModuleNameWithoutExtensionIsTriedWithDllFirst() throws Exception {
        PInvokeCheck check = check(Path.of("testdata/clr/pinvoke.exe"), Path.of("testdata/clr/x64"));
        PInvokeCheck.Target bare = check.targets().stream().filter(t -> t.module().equals("clrnative")).findFirst().orElseThrow();
        assertEquals(List.of("clrnative.dll"), bare.tried());
        assertEquals("clrnative.dll", bare.file().getFileName().toString());
        PInvokeCheck.Target missing = check.targets().stream().filter(t -> t.module().equals("nosuchlib.dll")).findFirst().orElseThrow();
        assertNull(missing.file());
        assertEquals(List.of("nosuchlib.dll"), missing.tried());
    }

    /** The counts the issue asks for: Mono's mscorlib against Wine's x86-64 DLLs. */
    @Test
    void monoMscorlibAgainstWine() throws Exception {
        Path wine = Path.of(System.getProperty("pescope.wine", "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
        Path mscorlib = Path.of("/usr/lib/mono/4.5/mscorlib.dll");
        Oracles.require(Files.isRegularFile(wine.resolve("kernel32.dll")), "Wine is not installed (Debian libwine)");
        Oracles.require(Files.isRegularFile(mscorlib), "Mono's mscorlib (Debian libmono-corlib4.5-dll)");
        PInvokeCheck check = check(mscorlib, wine);
        assertEquals(85, check.bindings().size());
        assertEquals(30, check.count(Match.EXACT));
        assertEquals(24, check.count(Match.SUFFIXED));
        assertEquals(0, check.count(Match.DECORATED));
        assertEquals(0, check.count(Match.ORDINAL));
        assertEquals(31, check.count(Reason.MODULE_NOT_FOUND, true));
        assertEquals(0, check.count(Reason.MODULE_NOT_FOUND, false));
        assertEquals(0, check.count(Reason.ENTRY_POINT_NOT_FOUND, false) + check.count(Reason.ENTRY_POINT_NOT_FOUND, true));
        assertEquals(List.of("System.Native", "System.Globalization.Native", "libc"),
                check.targets().stream().filter(t -> !t.isFound()).map(PInvokeCheck.Target::module).toList());
    }

    /**
     * Mono's WinForms against Wine: its Win32 driver P/Invokes kernel32!CopyMemory, which is a
     * macro for RtlCopyMemory in the Windows headers and no export of kernel32, so it fails at its
     * first call; the 351 modules not found are X11, GTK, Carbon and libc.
     */
    @Test
    void monoWinFormsAgainstWine() throws Exception {
        Path wine = Path.of(System.getProperty("pescope.wine", "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
        Path winforms = Path.of("/usr/lib/mono/4.5/System.Windows.Forms.dll");
        Oracles.require(Files.isRegularFile(wine.resolve("kernel32.dll")), "Wine is not installed (Debian libwine)");
        Oracles.require(Files.isRegularFile(winforms), "Mono's WinForms (Debian libmono-system-windows-forms4.0-cil)");
        PInvokeCheck check = check(winforms, wine);
        assertEquals(527, check.bindings().size());
        assertEquals(170, check.count(Match.EXACT));
        assertEquals(5, check.count(Match.SUFFIXED));
        assertEquals(351, check.count(Reason.MODULE_NOT_FOUND, true));
        assertEquals(0, check.count(Reason.MODULE_NOT_FOUND, false));
        List<String> entryPointsMissing = check.problems().stream()
                .filter(b -> b.reason() == Reason.ENTRY_POINT_NOT_FOUND)
                .map(b -> b.pinvoke().module() + "!" + b.pinvoke().entryPoint()).toList();
        assertEquals(List.of("kernel32.dll!CopyMemory"), entryPointsMissing);
    }
}
