package io.agentsconformance.kit.load;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Requests sent at the same moment: each on its own thread, all let go by one latch, so that the
 * target sees them as close together as the machine allows. For the races of EDGE-3, 4 and 6.
 */
public final class AtOnce {

    private AtOnce() {
    }

    /** The results of {@code count} actions started together, in the order of their index. */
    public static <T> List<T> all(int count, Duration bound, IntFunction<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return action.apply(index);
                }, pool));
            }
            start.countDown();
            return futures.stream().map(f -> f.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS).join()).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
