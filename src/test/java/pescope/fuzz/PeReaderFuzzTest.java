package pescope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.report.DumpJson;
import pescope.report.DumpText;

/**
 * Coverage-guided fuzzing of the whole read-and-render path. In a normal {@code mvn verify} this
 * replays the saved corpus (src/test/resources/pescope/fuzz/PeReaderFuzzTestInputs) as a
 * regression test; {@code JAZZER_FUZZ=1 mvn test -Dtest=PeReaderFuzzTest} fuzzes for real, and
 * every crash it finds is saved there and stays a regression input.
 */
class PeReaderFuzzTest {

    private static final DumpText TEXT = DumpText.all();

    @FuzzTest(maxDuration = "10m")
    void anyBytesGiveAnImageOrNotAPe(byte[] data) {
        try {
            PeImage image = PeReader.everything().read("fuzz", ByteBuffer.wrap(data));
            TEXT.render(image, "fuzz");
            new DumpJson().render(image, "fuzz").toString();
        } catch (NotAPeFileException expected) {
            // The one allowed refusal: not a PE at all.
        }
    }
}
