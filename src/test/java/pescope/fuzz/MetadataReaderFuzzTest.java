package pescope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;
import pescope.pe.clr.Metadata;
import pescope.pe.clr.MetadataReader;
import pescope.pe.clr.MetadataTableId;
import pescope.report.ClrText;

/**
 * Coverage-guided fuzzing of the metadata reader: any bytes as a metadata block give a model with
 * anomalies. The seeds (src/test/resources/pescope/fuzz/MetadataReaderFuzzTestInputs) are the
 * metadata blocks of testdata/clr/pinvoke.exe and pinvoke-x64.exe; a normal build replays them
 * and every saved crash, {@code JAZZER_FUZZ=1 mvn test -Dtest=MetadataReaderFuzzTest} fuzzes.
 */
class MetadataReaderFuzzTest {

    private static final ClrText TEXT = new ClrText(new ClrText.Blocks(false, true, true));

    @FuzzTest(maxDuration = "10m")
    void anyMetadataBlockGivesAModel(byte[] data) {
        Metadata metadata = MetadataReader.read(ByteBuffer.wrap(data));
        for (int table = 0; table <= MetadataTableId.LAST_KNOWN; table++) {
            metadata.rows(table);
        }
        ClrImage clr = ClrReader.model(null, metadata, List.of());
        TEXT.append(new StringBuilder(), clr);
    }
}
