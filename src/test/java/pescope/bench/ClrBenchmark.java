package pescope.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import pescope.pe.clr.ClrImage;
import pescope.pe.clr.ClrReader;

/**
 * Reading the .NET metadata of Mono's mscorlib (4.8 MB, 2.6 MB of metadata) and System.Windows.Forms
 * into the model: CLR header, root, streams, row counts, then the tables the model needs (TypeDef,
 * MethodDef, ImplMap, ModuleRef, AssemblyRef...). The PE headers are parsed once in setup.
 * Run with bench/jmh.sh ClrBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClrBenchmark {

    @Param({"mscorlib.dll", "System.Windows.Forms.dll"})
    String assembly;

    private ByteBuffer bytes;
    private PeImage image;

    @Setup
    public void setUp() throws IOException, NotAPeFileException {
        Path file = Path.of(System.getProperty("pescope.mono", "/usr/lib/mono/4.5")).resolve(assembly);
        bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        image = PeReader.headersOnly().read("bench", bytes);
    }

    @Benchmark
    public ClrImage readClr() {
        return ClrReader.read(image, bytes).orElseThrow();
    }
}
