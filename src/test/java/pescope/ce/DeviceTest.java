package pescope.ce;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceTest {
    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));

    @Test
    void readsAddressesWrittenAsHexStringsOrNumbers() {
        Device device = Device.parse("""
                {"name": "d", "ceVersion": 4, "romDlls": [{"name": "a.dll", "base": "0x01F00000", "sizeOfImage": 65536}],
                 "dllHighAddr": 33554432, "romFlags": "0x40",
                 "loaded": [{"name": "x.dll", "base": "0x00970000", "sizeOfImage": "0x10000"}],
                 "processAllocations": [{"process": "b.exe", "base": "0x00900000", "size": "0x60000", "kind": "heap"}]}""");

        assertEquals(CeVersion.CE5, device.version());
        assertEquals(RomDll.whole("a.dll", 0x01F00000L, 0x10000), device.romDlls().get(0));
        assertEquals(0x02000000L, device.dllHighAddr());
        assertTrue(device.honoursDllBase());
        assertEquals(new LoadedDll("x.dll", 0x00970000L, 0x10000), device.loaded().get(0));
        assertEquals(new ProcessAllocation("b.exe", 0x00900000L, 0x60000, "heap"), device.processAllocations().get(0));
    }

    @Test
    void writesWhatItReads() {
        Device device = Device.bare("round trip", 5)
                .withRomDlls(List.of(new RomDll("coredll.dll", 0x01FF8000L, 0x8000, true, 0x03F80000L, 0x80000), RomDll.named("ole32.dll")))
                .withLoaded(List.of(new LoadedDll("x.dll", 0x00970000L, 0x10000)))
                .withRomFlags(0x40).withMachine(0x1C0);

        assertEquals(device, Device.parse(device.toJson()));
    }

    @Test
    void rejectsAnUnknownCeVersion() {
        assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"name\": \"d\", \"ceVersion\": 7}"));
    }

    @Test
    void acceptsCeVersionsAsPeopleWriteThem() {
        assertEquals(CeVersion.CE5, Device.parse("{\"ceVersion\": \"5.0\"}").version());
        assertEquals(CeVersion.CE5, Device.parse("{\"ceVersion\": \"4.2\"}").version());
        assertEquals(CeVersion.CE3, Device.parse("{\"ceVersion\": \"2.12\"}").version());
        assertEquals(CeVersion.CE5, Device.parse("{\"ceVersion\": 4.2}").version());
        assertEquals(6, Device.parse("{\"ceVersion\": 6}").ceVersion());
    }

    @Test
    void namesAMisspeltKeyAndTheKeyItMeant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"ceVerison\": 5}"));
        assertEquals("unknown key 'ceVerison' (did you mean 'ceVersion'?)", e.getMessage());
    }

    @Test
    void refusesAnUnknownKeyInsideAnArrayEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Device.parse("{\"loaded\": [{\"name\": \"x.dll\", \"base\": 0, \"sizeOfImage\": 1, \"bsae\": 2}]}"));
        assertTrue(e.getMessage().startsWith("unknown key 'bsae' in $.loaded[0]"), e.getMessage());
    }

    @Test
    void refusesNumbersThatWouldWrap() {
        // 2^63 does not fit a long; 2^32 + 3 would be taken as 3 if cut to 32 bits.
        assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"dllHighAddr\": 9223372036854775808}"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"ceVersion\": 4294967299}"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"romFlags\": \"0x100000000\"}"));
    }

    @Test
    void refusesTextAfterTheObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"ceVersion\": 3} trailing"));
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
    }

    @Test
    void refusesAKeyGivenTwice() {
        assertThrows(IllegalArgumentException.class, () -> Device.parse("{\"ceVersion\": 3, \"ceVersion\": 5}"));
    }

    @Test
    void resolvesARelativeRomDirAgainstTheProfilesFolder() {
        Device device = Device.parse("{\"romDir\": \"rom\"}", Path.of("/devices/ppc"));
        assertEquals(Path.of("/devices/ppc/rom"), device.romDir());
    }

    private static Device read(String file) throws Exception {
        Path path = TESTDATA.resolve(file);
        return Device.parse(Files.readString(path), path.toAbsolutePath().getParent());
    }

    @Test
    void pocketPc2002ProfilePutsTheRomAreaAt0x00AB0000() throws Exception {
        Device device = read("ce/ppc2002.json");
        ModuleCatalog catalog = InMemoryModuleCatalog.of(
                CeModule.builder("app.exe").machine(0x1C0).imports("aygshell.dll", "app.dll").build(),
                CeModule.builder("app.dll").machine(0x1C0).sizeOfImage(0x18000).imports("commctrl").build());
        SlotMap map = new SlotAllocator(device, catalog).start("app.exe");

        assertEquals(0x00AB0000L, map.romLow());
        assertEquals(0x00A90000L, map.dllLow());
        assertTrue(map.processes().get(0).failures().isEmpty());
    }

    @Test
    void bareCe5ProfilePreReservesCoredllsRwPage() throws Exception {
        Device device = read("ce/bare-ce5.json");
        SlotMap map = new SlotAllocator(device, InMemoryModuleCatalog.of(CeModule.builder("app.exe").build())).start("app.exe");

        Allocation rw = map.processes().get(0).allocations().get(1);
        assertEquals(Allocation.Kind.ROM_RW_AREA, rw.kind());
        assertEquals(0x01FF0000L, rw.base());
        assertFalse(map.hasFailures());
        assertTrue(Files.exists(TESTDATA.resolve("ce/bare-ce5.json")));
    }
}
