package pescope.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * Parsing a folder of PE files as {@code dump --json} does (every directory, no whole-file facts),
 * one file per operation in turn, so the time and allocation per operation ({@code -prof gc}) are
 * those of an average file of the folder. The files are mapped once, as the CLI maps them.
 * {@code bench/jmh.sh WineFolder -prof gc}; {@code -p dir=...} for another folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WineFolderBenchmark {

    @Param({"/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"})
    String dir;

    private final PeReader reader = PeReader.everythingButWholeFile();
    private ByteBuffer[] files;
    private int next;

    @Setup
    public void setUp() throws IOException {
        List<ByteBuffer> mapped = new ArrayList<>();
        try (Stream<Path> listing = Files.list(Path.of(dir))) {
            for (Path file : listing.filter(PeReader::looksLikePe).sorted().toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    mapped.add(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
                }
            }
        }
        files = mapped.toArray(ByteBuffer[]::new);
        System.out.printf("%n%s: %d PE files%n", dir, files.length);
    }

    @Benchmark
    public PeImage parseNextFile() throws NotAPeFileException {
        ByteBuffer bytes = files[next];
        next = next + 1 == files.length ? 0 : next + 1;
        return reader.read("bench", bytes);
    }
}
