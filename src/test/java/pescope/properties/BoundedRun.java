package pescope.properties;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    static <T> Outcome<T> run(String what, Duration limit, Callable<T> work) {
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
