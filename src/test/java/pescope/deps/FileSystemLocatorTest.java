package pescope.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pescope.pe.Export;
import pescope.pe.Machine;

class FileSystemLocatorTest {

    private static final Path TESTDATA = Path.of(System.getProperty("pescope.testdata", "testdata"));

    @TempDir
    Path folder;

    private final FileSystemLocator locator = new FileSystemLocator();

    @Test
    void findsAFileWhateverTheCaseOfTheName() throws IOException {
        Files.writeString(folder.resolve("LibA.Dll"), "x");

        assertEquals(Optional.of(folder.resolve("LibA.Dll")), locator.find(folder, "liba.DLL"));
    }

    @Test
    void findsNothingInAFolderThatDoesNotExist() {
        assertEquals(Optional.empty(), locator.find(folder.resolve("nowhere"), "liba.dll"));
    }

    @Test
    void readsAPeImageWithItsImportsAndExports() {
        ModuleLocator.Loaded loaded = locator.load(TESTDATA.resolve("deps/lib/libB.dll"));

        ModuleLocator.Image image = assertInstanceOf(ModuleLocator.Image.class, loaded);
        assertEquals(Machine.AMD64.code(), image.image().machine());
        assertEquals("libA.dll", image.image().imports().get(0).dllName());
        assertEquals(List.of("b_value"),
                image.image().exports().orElseThrow().exports().stream().map(Export::name).toList());
    }

    @Test
    void turnsAFileThatIsNotAPeImageIntoAFailureWithTheReason() throws IOException {
        Path text = Files.writeString(folder.resolve("x.dll"), "This is not a PE file, but it is long enough for a DOS header to be looked for.\n");

        assertEquals(new ModuleLocator.Failed("not a PE file: no MZ signature"), locator.load(text));
    }

    @Test
    void turnsAMissingFileIntoAFailure() {
        assertEquals(new ModuleLocator.Failed("no such file"), locator.load(folder.resolve("gone.dll")));
    }
}
