package pescope.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;
import pescope.properties.RealFiles.MutatedFile;
import pescope.report.DumpJson;
import pescope.report.DumpText;
import pescope.testing.PeMutations.HostileImage;

/**
 * Hostile files, made from generated layouts and from the real DLLs and testdata images: parsing
 * gives a model (with anomalies) or {@link NotAPeFileException}, never another exception, within
 * a time and an allocation bound, and both renderers take whatever model it gives.
 */
class MutationRobustnessProperties {

    /** Generous: a parse takes milliseconds; only a loop or a blow-up gets near this. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(2);
    /**
     * Bytes a parse may allocate per byte of file, plus a fixed allowance. The real files need
     * under 7 per byte; over 10,000 mutated files the most was 35 per byte (27 MB for 771 KB). A
     * count that sizes an allocation, or a table read again and again, goes far past it.
     */
    static final long ALLOCATION_PER_FILE_BYTE = 64;
    static final long ALLOCATION_ALLOWANCE = 16L << 20;

    private static final DumpText TEXT = DumpText.all();

    @Property
    void hostileImagesGiveAModelOrNotAPeInBoundedTimeAndMemory(@ForAll("hostileImages") HostileImage hostile) {
        parseAndRender(hostile.bytes());
    }

    @Property
    void mutatedRealFilesGiveAModelOrNotAPeInBoundedTimeAndMemory(@ForAll("mutatedRealFiles") MutatedFile mutated) {
        parseAndRender(mutated.bytes());
    }

    @Provide
    Arbitrary<HostileImage> hostileImages() {
        return SuiteInputs.hostileImages();
    }

    @Provide
    Arbitrary<MutatedFile> mutatedRealFiles() {
        return SuiteInputs.mutatedRealFiles();
    }

    /** What both properties check of one file. */
    private static void parseAndRender(byte[] bytes) {
        var parse = BoundedRun.run("parsing", TIME_LIMIT, () -> PeReader.everything().read("mutated", ByteBuffer.wrap(bytes)));
        if (parse.thrown() instanceof NotAPeFileException) {
            return;
        }
        if (parse.thrown() != null) {
            fail("parsing threw " + parse.thrown(), parse.thrown());
        }
        long budget = ALLOCATION_PER_FILE_BYTE * bytes.length + ALLOCATION_ALLOWANCE;
        assertTrue(parse.allocatedBytes() <= budget, String.format(
                "parsing 0x%X bytes allocated %,d bytes; the bound is %,d", bytes.length, parse.allocatedBytes(), budget));
        PeImage image = parse.value();
        var render = BoundedRun.run("rendering", TIME_LIMIT, () -> {
            TEXT.render(image, "mutated");
            return new DumpJson().render(image, "mutated").toString();
        });
        if (render.thrown() != null) {
            fail("rendering threw " + render.thrown(), render.thrown());
        }
    }
}
