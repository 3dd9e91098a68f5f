package pescope.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The anomalies pescope reports on every real file the build unpacks and on our testdata, pinned.
 * Each one was reviewed by hand against pefile's view of the same bytes:
 * <ul>
 * <li>JNA's three Windows CE ARM DLLs store the Import Address Table directory as a VA (ImageBase
 *     0x10000000 + RVA: pefile reads DATA_DIRECTORY[12] = 0x1000EB48 size 0x9C in 3.5.2), an old CE
 *     linker's habit; the loader ignores that entry, so it is reported and nothing else breaks.</li>
 * </ul>
 * Every other file is clean: a new anomaly on a real file is either a regression or a finding to
 * review and add here.
 */
class RealFileAnomaliesTest {

    private static final Map<String, List<String>> EXPECTED = Map.of(
            "target/real-dlls/jna-3.4.0/com/sun/jna/w32ce-arm/jnidispatch.dll", List.of("DATA_DIRECTORY_OUTSIDE_IMAGE"),
            "target/real-dlls/jna-3.5.2/com/sun/jna/w32ce-arm/jnidispatch.dll", List.of("DATA_DIRECTORY_OUTSIDE_IMAGE"),
            "target/real-dlls/jna-4.0.0/com/sun/jna/w32ce-arm/jnidispatch.dll", List.of("DATA_DIRECTORY_OUTSIDE_IMAGE"));

    @Test
    void theRealFilesCarryExactlyTheReviewedAnomalies() throws IOException {
        Map<String, List<String>> actual = new TreeMap<>();
        int files = 0;
        for (Path root : List.of(Path.of("target/real-dlls"), Path.of("testdata"))) {
            List<Path> images;
            try (Stream<Path> walk = Files.walk(root)) {
                images = walk.filter(Files::isRegularFile).filter(PeReader::looksLikePe).sorted().toList();
            }
            for (Path file : images) {
                files++;
                try {
                    List<String> codes = PeReader.everything().read(file).anomalies().stream().map(a -> a.kind().name()).toList();
                    if (!codes.isEmpty()) {
                        actual.put(file.toString(), codes);
                    }
                } catch (NotAPeFileException e) {
                    actual.put(file.toString(), List.of("not a PE file: " + e.getMessage()));
                }
            }
        }
        assertTrue(files >= 78, files + " files");
        assertEquals(new TreeMap<>(EXPECTED), actual);
    }
}
