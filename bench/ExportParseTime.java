import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import pescope.pe.PeReader;

/**
 * Parses one file with every directory ten times in one JVM and prints the CPU time of the
 * fastest and slowest parse (thread CPU time, so other load on the machine counts less).
 * java -cp target/pescope.jar bench/ExportParseTime.java FILE
 */
public class ExportParseTime {
    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long worst = 0;
        int exports = 0;
        for (int i = 0; i < 10; i++) {
            long start = threads.getCurrentThreadCpuTime();
            exports = PeReader.everything().read(Path.of(args[0])).exports().map(e -> e.exports().size()).orElse(0);
            long spent = threads.getCurrentThreadCpuTime() - start;
            best = Math.min(best, spent);
            worst = Math.max(worst, spent);
        }
        System.out.printf("%s: %d exports, parse CPU %.3f s best, %.3f s worst (first run included)%n",
                args[0], exports, best / 1e9, worst / 1e9);
    }
}
