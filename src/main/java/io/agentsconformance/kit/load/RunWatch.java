package io.agentsconformance.kit.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the runs of a load to their end, all at once, by listing the project's runs every
 * {@link #POLL} (following every page): one request a poll however many runs there are, so the
 * kit's watching does not become the load. A run's observed time is from its start request to the
 * first listing that shows it final (spec/README.md, "Load and time budgets": known to within one
 * poll). Each listing also counts the project's RUNNING runs, for the admission check of CONC-03.
 */
public final class RunWatch {

    public static final Duration POLL = Duration.ofMillis(20);
    public static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /**
     * How a watched run ended: the run as the last listing showed it, and when that listing was
     * sent ({@link System#nanoTime()}). {@code finished} is false when the bound passed first.
     */
    public record Outcome(String runId, boolean finished, JsonNode run, long seenNanos, String evidence) {
        public String status() {
            return run == null ? "(never listed)" : run.path("status").asText();
        }

        public String outputSummary() {
            return run == null || run.path("outputSummary").isNull() ? null : run.path("outputSummary").asText();
        }
    }

    private final LoadClient client;
    private final ScheduledExecutorService timer;
    private final String path;
    private final Duration bound;
    private final Map<String, CompletableFuture<Outcome>> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();
    private final Map<String, Integer> requestsSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> hardDeadlines = new ConcurrentHashMap<>();
    private final java.util.function.ToIntFunction<String> progress;
    private final io.agentsconformance.kit.measure.Distribution beside;
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final AtomicReference<String> mostRunningSeen = new AtomicReference<>();
    private final AtomicInteger listings = new AtomicInteger();
    private volatile boolean polling;

    /**
     * @param bound    how long a run may go without progress: no new status, no new request to the stand-ins
     *                 ({@code progress} counts them per run id); a run that keeps working gets up to ten times as long
     * @param beside   where the bare round trips sent beside each listing go (the floor under the same load)
     */
    public RunWatch(LoadClient client, ScheduledExecutorService timer, String projectId, Duration bound,
            java.util.function.ToIntFunction<String> progress, io.agentsconformance.kit.measure.Distribution beside) {
        this.progress = progress;
        this.beside = beside;
        this.client = client;
        this.timer = timer;
        this.path = "/api/projects/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8) + "/agent-runs?limit=100";
        this.bound = bound;
    }

    /** Completes when the run is final or the bound (from now) has passed; never exceptionally. */
    public synchronized CompletableFuture<Outcome> watch(String runId) {
        // Its clocks first: a poll under way reads them for every watched run, without this lock.
        long now = System.nanoTime();
        lastProgress.putIfAbsent(runId, now);
        hardDeadlines.putIfAbsent(runId, now + bound.multipliedBy(10).toNanos());
        CompletableFuture<Outcome> outcome = watched.computeIfAbsent(runId, id -> new CompletableFuture<>());
        if (!polling) {
            polling = true;
            poll();
        }
        return outcome;
    }

    /** The most runs one listing showed RUNNING, and that listing's first page. */
    public int mostRunning() {
        return mostRunning.get();
    }

    public String mostRunningSeen() {
        return mostRunningSeen.get();
    }

    /** How many listings were read so far. */
    public int listings() {
        return listings.get();
    }

    private void poll() {
        List<JsonNode> items = new ArrayList<>();
        // The run was final when the target read it for this listing, after it was sent: the time the
        // listing itself took to answer is the kit's measuring, not the run's.
        long sent = System.nanoTime();
        client.send("bare round trip beside the runs", "GET", "/api/health", null)
                .thenAccept(health -> beside.record(health.latency()));
        listPage(path, items, new StringBuilder()).handle((evidence, error) -> {
            try {
                observe(sent, items, error == null ? evidence : "listing the runs failed: " + error);
            } catch (RuntimeException | Error broken) {
                // A watch that stopped polling would leave every waiting scenario to its outer bound
                // with nothing to say: end them now, saying why.
                long now = System.nanoTime();
                watched.forEach((id, outcome) -> outcome.complete(new Outcome(id, false, null, now,
                        "the kit's watch of the runs broke: " + broken)));
                synchronized (this) {
                    polling = false;
                }
                return null;
            }
            synchronized (this) {
                if (watched.values().stream().allMatch(CompletableFuture::isDone)) {
                    polling = false;
                    return null;
                }
            }
            try {
                timer.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException over) {
                // The scenario ended and its timer with it: nobody waits for these runs any more.
                watched.values().forEach(f -> f.cancel(false));
            }
            return null;
        });
    }

    /** What one listing showed: runs that became final, the RUNNING count, runs past their bound. */
    private void observe(long sent, List<JsonNode> items, String evidence) {
        long now = System.nanoTime();
        listings.incrementAndGet();
        int running = 0;
        for (JsonNode item : items) {
            String id = item.path("id").asText();
            String status = item.path("status").asText();
            if ("RUNNING".equals(status)) {
                running++;
            }
            CompletableFuture<Outcome> outcome = watched.get(id);
            if (outcome != null && !outcome.isDone() && FINAL.contains(status)) {
                outcome.complete(new Outcome(id, true, item, sent, evidence));
            }
        }
        if (evidence.startsWith("GET")) {
            int seen = running;
            if (mostRunning.getAndAccumulate(seen, Math::max) < seen) {
                mostRunningSeen.set(evidence);
            }
        }
        watched.forEach((id, outcome) -> {
            int made = progress.applyAsInt(id);
            if (!Integer.valueOf(made).equals(requestsSeen.put(id, made))) {
                lastProgress.put(id, now);
            }
            boolean idle = now - lastProgress.get(id) > bound.toNanos();
            if (!outcome.isDone() && (idle || now > hardDeadlines.get(id))) {
                JsonNode last = items.stream().filter(i -> id.equals(i.path("id").asText())).findFirst().orElse(null);
                outcome.complete(new Outcome(id, false, last, now, evidence));
            }
        });
    }

    /** Reads every page of the listing into {@code items}; completes with the first page's exchange, described. */
    private CompletableFuture<String> listPage(String page, List<JsonNode> items, StringBuilder first) {
        return client.send("list runs", "GET", page, null).thenCompose(answer -> {
            if (first.length() == 0) {
                first.append(answer.describe());
            }
            if (answer.status() != 200) {
                return CompletableFuture.completedFuture("listing the runs: " + answer.describe());
            }
            answer.json().path("items").forEach(items::add);
            JsonNode next = answer.json().path("nextCursor");
            if (next.isTextual() && !next.asText().isEmpty()) {
                return listPage(path + "&cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8), items, first);
            }
            return CompletableFuture.completedFuture(first.toString());
        });
    }
}
