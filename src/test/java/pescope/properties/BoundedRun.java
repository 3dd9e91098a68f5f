package pescope.properties;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import pescope.pe.PeReader;

/**
 * Runs one piece of work on a fresh thread, so that a hang becomes a failure after a time limit
 * instead of a stuck build, and counts the bytes that thread allocated.
 */
final class BoundedRun {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What the work returned, the exception it threw (null if none), and what it allocated. */
    record Outcome<T>(T value, Throwable thrown, long allocatedBytes) {}

    /** Thrown when the work did not finish in time; the thread is left to run out as a daemon. */
    static final class TimedOut extends AssertionError {
        TimedOut(Duration limit, String what) {
            super(what + " did not finish within " + limit.toMillis() + " ms");
        }
    }

    private BoundedRun() {}

    /**
     * Loads every class of the parser and parses every real file once, before any measurement.
     * The first parse in a JVM initialises classes (BouncyCastle's above all, for a signed file):
     * it allocated 30.5 MB for a 103 KB signed DLL whose later parses allocate 0.42 MB. And once
     * a Jazzer test has installed its agent in the JVM, every class loaded afterwards is
     * instrumented on the thread that loads it: a mutated assembly that reached metadata tables
     * no earlier sample had (FieldLayout, AssemblyRefOS rows...) failed the CLR property's bound
     * on loading them. Both failed a property on class loading, not on the file.
     */
    private static final class WarmUp {
        static {
            loadClassesUnder("pescope/pe");
            loadClassesUnder("pescope/format");
            for (RealFiles.RealFile file : RealFiles.all()) {
                try {
                    PeReader.everything().read(file.name(), ByteBuffer.wrap(file.bytes()));
                } catch (Exception e) {
                    // Not judged here: the properties judge what a parse throws.
                }
            }
        }

        static void ensure() {}

        /** Loads and initialises every class in {@code folder} (and below) of the folder PeReader was loaded from. */
        private static void loadClassesUnder(String folder) {
            try {
                Path root = Path.of(PeReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isDirectory(root.resolve(folder))) {
                    return;
                }
                try (Stream<Path> files = Files.walk(root.resolve(folder))) {
                    for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        String name = root.relativize(file).toString().replace('/', '.');
                        Class.forName(name.substring(0, name.length() - ".class".length()), true,
                                PeReader.class.getClassLoader());
                    }
                }
            } catch (Exception | LinkageError e) {
                throw new IllegalStateException("could not load the parser's classes before measuring", e);
            }
        }
    }

    static <T> Outcome<T> run(String what, Duration limit, Callable<T> work) {
        WarmUp.ensure();
        FutureTask<Outcome<T>> task = new FutureTask<>(() -> measure(work));
        Thread worker = new Thread(task, "bounded-run");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new TimedOut(limit, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("measuring " + what + " failed", e.getCause());
        }
    }

    /** Errors too (OutOfMemoryError, StackOverflowError) are outcomes to judge, not crashes. */
    private static <T> Outcome<T> measure(Callable<T> work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value = null;
        Throwable thrown = null;
        try {
            value = work.call();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
}
