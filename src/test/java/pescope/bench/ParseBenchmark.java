package pescope.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pescope.pe.NotAPeFileException;
import pescope.pe.PeImage;
import pescope.pe.PeReader;

/**
 * Parsing one real DLL: the smallest and the largest that the build unpacks from Maven Central
 * (target/real-dlls), headers only and headers + imports + exports. The bytes are read once;
 * {@code mapAndParse} includes opening and mapping the file each time. Run with bench/jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {

    @Param({"small", "large"})
    String dll;

    private Path file;
    private ByteBuffer bytes;
    private final PeReader headers = PeReader.headersOnly();
    private final PeReader everything = PeReader.everything();

    @Setup
    public void setUp() throws IOException {
        Path root = Path.of(System.getProperty("pescope.realDlls", "target/real-dlls"));
        try (Stream<Path> files = Files.walk(root)) {
            Comparator<Path> bySize = Comparator.comparingLong(ParseBenchmark::size);
            Stream<Path> dlls = files.filter(f -> f.toString().endsWith(".dll"));
            file = (dll.equals("small") ? dlls.min(bySize) : dlls.max(bySize)).orElseThrow();
        }
        bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        System.out.printf("%n%s dll: %s, %d bytes%n", dll, file, size(file));
    }

    @Benchmark
    public PeImage headersOnly() throws NotAPeFileException {
        return headers.read("bench", bytes);
    }

    @Benchmark
    public PeImage importsAndExports() throws NotAPeFileException {
        return everything.read("bench", bytes);
    }

    @Benchmark
    public PeImage mapAndParseHeaders() throws IOException, NotAPeFileException {
        return headers.read(file);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
