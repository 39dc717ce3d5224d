package io.agentsconformance.kit.load;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches runs of a load to their end, all at once: each run is read every {@link #POLL} through
 * the asynchronous client until it shows a final status or the bound passes. A run's observed time
 * is from its start request to the first read that shows it final (spec/README.md, "Load and time
 * budgets": known to within one poll).
 */
public final class RunWatch {

    public static final Duration POLL = Duration.ofMillis(20);
    public static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /**
     * How a watched run ended: its last read, and when that read was answered ({@link System#nanoTime()}).
     * {@code finished} is false when the bound passed first.
     */
    public record Outcome(String runId, boolean finished, LoadClient.Exchange lastRead, long seenNanos) {
        public String status() {
            return lastRead == null ? "(never read)" : lastRead.status() == 200 ? lastRead.text("$.status")
                    : "HTTP " + lastRead.status();
        }
    }

    private RunWatch() {
    }

    /** Completes when the run is final or {@code bound} has passed; never exceptionally. */
    public static CompletableFuture<Outcome> untilFinal(LoadClient client, ScheduledExecutorService timer,
            String projectId, String runId, Duration bound) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long deadline = System.nanoTime() + bound.toNanos();
        poll(client, timer, "/api/projects/" + projectId + "/agent-runs/" + runId, runId, deadline, outcome);
        return outcome;
    }

    private static void poll(LoadClient client, ScheduledExecutorService timer, String path, String runId,
            long deadline, CompletableFuture<Outcome> outcome) {
        client.send("watch " + runId, "GET", path, null).thenAccept(read -> {
            long now = System.nanoTime();
            String status = read.status() == 200 ? read.text("$.status") : null;
            if (status != null && FINAL.contains(status)) {
                outcome.complete(new Outcome(runId, true, read, read.answeredNanos()));
            } else if (now > deadline) {
                outcome.complete(new Outcome(runId, false, read, now));
            } else {
                schedule(timer, () -> poll(client, timer, path, runId, deadline, outcome), outcome);
            }
        });
    }

    /**
     * Reads the project's RUNNING runs every {@link #POLL} until {@code done} completes, handing each
     * count ({@code total} of the listing) to {@code sample}.
     */
    public static CompletableFuture<Void> sampleRunning(LoadClient client, ScheduledExecutorService timer,
            String projectId, CompletableFuture<?> done, Consumer<LoadClient.Exchange> sample) {
        CompletableFuture<Void> sampling = new CompletableFuture<>();
        sampleOnce(client, timer, "/api/projects/" + projectId + "/agent-runs?status=RUNNING&limit=100", done,
                sample, sampling);
        return sampling;
    }

    private static void sampleOnce(LoadClient client, ScheduledExecutorService timer, String path,
            CompletableFuture<?> done, Consumer<LoadClient.Exchange> sample, CompletableFuture<Void> sampling) {
        client.send("running runs", "GET", path, null).thenAccept(read -> {
            sample.accept(read);
            if (done.isDone()) {
                sampling.complete(null);
            } else {
                schedule(timer, () -> sampleOnce(client, timer, path, done, sample, sampling), sampling);
            }
        });
    }

    private static void schedule(ScheduledExecutorService timer, Runnable next, CompletableFuture<?> owner) {
        try {
            timer.schedule(next, POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException over) {
            // The scenario ended and its timer with it: nobody waits for this any more.
            owner.cancel(false);
        }
    }
}
