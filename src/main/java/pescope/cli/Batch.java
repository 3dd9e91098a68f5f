package pescope.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one job per input on a pool of threads and hands the results back in input order, so the
 * output of a parallel run is the same as a sequential one. At most a few results per thread
 * wait to be printed, which keeps the heap bounded however many files there are.
 */
final class Batch {

    private static final int RESULTS_IN_FLIGHT_PER_THREAD = 4;

    private Batch() {}

    static <I, R> void run(List<I> inputs, int threads, Function<I, R> job, Consumer<R> inOrder) {
        if (threads <= 1 || inputs.size() <= 1) {
            inputs.forEach(input -> inOrder.accept(job.apply(input)));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "pescope-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<R>> pending = new ArrayDeque<>();
            // threads is bounded by BatchOptions.MAX_JOBS; the cap keeps the product from overflowing regardless.
            int window = (int) Math.min((long) threads * RESULTS_IN_FLIGHT_PER_THREAD, Integer.MAX_VALUE);
            for (I input : inputs) {
                if (pending.size() == window) {
                    inOrder.accept(await(pending.removeFirst()));
                }
                pending.addLast(pool.submit(() -> job.apply(input)));
            }
            while (!pending.isEmpty()) {
                inOrder.accept(await(pending.removeFirst()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            // Jobs catch their own failures; reaching here is a bug, reported by Main in one line.
            throw new IllegalStateException(e.getCause());
        }
    }
}
