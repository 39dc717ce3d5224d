package io.agentsconformance.kit.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Plays a workload's arrivals at their moments: a timer thread hands each request to the
 * asynchronous client when it is due and goes on at once, so a slow answer never delays the next
 * arrival (an open workload, as real users make). How late each went out is the client's dispatch lag.
 */
public final class Paced {

    private Paced() {
    }

    /**
     * Starts every arrival at its offset from now; {@code send} gets the arrival and the moment
     * it was planned for ({@link System#nanoTime()}). The futures are in the order of {@code arrivals}.
     */
    public static <T> List<CompletableFuture<T>> play(ScheduledExecutorService timer, List<Arrivals.Arrival> arrivals,
            BiFunction<Arrivals.Arrival, Long, CompletableFuture<T>> send) {
        long start = System.nanoTime() + Duration.ofMillis(20).toNanos();
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Arrivals.Arrival arrival : arrivals) {
            long planned = start + arrival.offset().toNanos();
            CompletableFuture<T> future = new CompletableFuture<>();
            timer.schedule(() -> {
                try {
                    send.apply(arrival, planned).whenComplete((value, failure) -> {
                        if (failure != null) {
                            future.completeExceptionally(failure);
                        } else {
                            future.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }, planned - System.nanoTime(), TimeUnit.NANOSECONDS);
            futures.add(future);
        }
        return futures;
    }
}
