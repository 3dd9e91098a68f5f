package pescope.pe.clr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pescope.pe.PeReader;
import pescope.pe.clr.PInvokeImport.CharSet;

/**
 * Our own P/Invoke assembly (testdata/src/clr/pinvoke.cs, built with mcs). Expected values are
 * what monodis --implmap prints for it (flags 256, 258, 260, 262, 259, 832, 256, 256, 544) and
 * the source says; the x86 argument size of Add is the N that i686 mingw put in "_Add@24".
 */
class ClrTestdataTest {

    private static final Path PINVOKE = Path.of("testdata/clr/pinvoke.exe");

    private static ClrImage read() throws Exception {
        return ClrReader.read(PINVOKE, PeReader.headersOnly().read(PINVOKE)).orElseThrow();
    }

    @Test
    void readsEveryImplMapRowWithItsFlags() throws Exception {
        List<PInvokeImport> p = read().pinvokes();
        assertEquals(List.of("Exact", "AnsiOnly", "WideOnly", "AutoPick", "ExactOnly", "Add", "#7", "FromNowhere", "NotExported"),
                p.stream().map(PInvokeImport::entryPoint).toList());
        assertEquals(List.of(256, 258, 260, 262, 259, 832, 256, 256, 544), p.stream().map(PInvokeImport::mappingFlags).toList());
        assertEquals(List.of(CharSet.NOT_SPEC, CharSet.ANSI, CharSet.UNICODE, CharSet.AUTO, CharSet.ANSI, CharSet.NOT_SPEC,
                CharSet.NOT_SPEC, CharSet.NOT_SPEC, CharSet.NOT_SPEC), p.stream().map(PInvokeImport::charSet).toList());
        assertEquals(List.of(false, false, false, false, true, false, false, false, false),
                p.stream().map(PInvokeImport::exactSpelling).toList());
        assertEquals("stdcall", p.get(5).callingConvention());
        assertTrue(p.get(5).setLastError());
        assertEquals("cdecl", p.get(8).callingConvention());
        assertEquals("disabled", p.get(8).bestFitMapping());
        assertEquals("winapi", p.get(0).callingConvention());
        assertTrue(p.get(6).isByOrdinal());
        assertEquals(List.of("clrnative.dll", "clrnative.dll", "clrnative.dll", "clrnative.dll", "clrnative.dll",
                "clrnative.dll", "clrnative", "nosuchlib.dll", "clrnative.dll"), p.stream().map(PInvokeImport::module).toList());
        assertEquals("PInvokeApp::Add", p.get(5).method());
    }

    @Test
    void argumentBytesCountEachParameterRoundedToFourBytes() throws Exception {
        List<PInvokeImport> p = read().pinvokes();
        assertEquals(4, p.get(0).argumentBytes());   // int
        assertEquals(4, p.get(1).argumentBytes());   // string
        assertEquals(24, p.get(5).argumentBytes());  // int, long, double, byte: 4 + 8 + 8 + 4
        assertEquals(0, p.get(6).argumentBytes());   // ()
        assertEquals(4, p.get(7).argumentBytes());   // IntPtr
        assertNull(p.get(8).argumentBytes());        // ref Guid, DayOfWeek: an enum defined in mscorlib
    }

    @Test
    void readsTheAssemblyAndItsReferences() throws Exception {
        ClrImage clr = read();
        assertEquals("v4.0.30319", clr.runtimeVersion());
        assertEquals("pinvoke", clr.assembly().orElseThrow().name());
        assertEquals("0.0.0.0", clr.assembly().orElseThrow().version());
        assertEquals("", clr.assembly().orElseThrow().publicKeyToken());
        assertEquals(List.of("mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"),
                clr.assemblyRefs().stream().map(AssemblyIdentity::displayName).toList());
        assertEquals(List.of("clrnative.dll", "clrnative", "nosuchlib.dll"), clr.moduleRefs());
        assertTrue(clr.header().ilOnly());
        assertEquals(0x0600000AL, clr.header().entryPointToken());
    }
}
