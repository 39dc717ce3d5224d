package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.load.LoadClient;
import io.agentsconformance.kit.measure.Distribution;
import io.agentsconformance.kit.report.Evidence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The scenario's load: its users' concurrent clients, the timer that paces arrivals and polls, the
 * floor measured in this run, and the distributions it measured, which the report shows when the
 * scenario ends (spec/README.md, "Load and time budgets"). Closed when the scenario ends, so that
 * no thread of one scenario outlives it.
 */
public final class Load implements AutoCloseable {

    /** How many bare round trips make the floor. */
    public static final int FLOOR_SAMPLES = 20;

    /** A run started under load, and when its start went out ({@link System#nanoTime()}). */
    public record Started(RunRef run, long sentNanos, String expectedOutput, LoadClient.Exchange startAnswer) { }

    private final Scene scene;
    private final Map<String, LoadClient> clients = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kit-load-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Started> started = new ArrayList<>();
    private final List<Distribution> measured = new ArrayList<>();
    private final Map<String, LoadClient.Exchange> readAfterStart = new LinkedHashMap<>();
    private Distribution floor;
    private Long seed;

    public Load(Scene scene) {
        this.scene = scene;
    }

    /** The concurrent client of {@code actor} (Ada or Grace), made on first use. */
    public synchronized LoadClient client(Actor actor) {
        return clients.computeIfAbsent(actor.name(), name -> new LoadClient(scene.kit().target().baseUrl(),
                "Grace".equals(name) ? scene.config().otherToken() : scene.config().token(),
                scene.config().loadThreads(), scene.config().httpTimeout(), scene.kit().contract()));
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * The floor F: the median of {@link #FLOOR_SAMPLES} bare round trips ({@code GET /api/health}),
     * one after another, measured once per scenario.
     */
    public synchronized Distribution floor(Actor actor) {
        if (floor == null) {
            Distribution bare = new Distribution("floor: bare round trip GET /api/health, one at a time");
            LoadClient client = client(actor);
            for (int i = 0; i < FLOOR_SAMPLES; i++) {
                LoadClient.Exchange health = client.call("floor", "GET", "/api/health", null);
                scene.expect().thatSeen(health.answered() && health.status() == 200, "the bare round trip GET /api/health"
                        + " that every time budget is measured against", "200", health.describe(), "");
                bare.record(health.latency());
            }
            floor = measured(bare);
        }
        return floor;
    }

    /** Keeps a distribution for the report. */
    public synchronized Distribution measured(Distribution distribution) {
        measured.add(distribution);
        return distribution;
    }

    public synchronized void started(Started run) {
        started.add(run);
    }

    /** The read sent as soon as a run's start was answered (CONC-05). */
    public synchronized void afterStart(RunRef run, LoadClient.Exchange read) {
        readAfterStart.put(run.id(), read);
    }

    public synchronized Map<String, LoadClient.Exchange> readsAfterStart() {
        return Map.copyOf(readAfterStart);
    }

    /** The seed of this scenario's random arrivals: the configured one, or one drawn now and printed. */
    public synchronized long seed(java.util.function.LongSupplier draw) {
        if (seed == null) {
            seed = scene.config().workload().seed().orElseGet(draw::getAsLong);
            Evidence.text("random arrivals: seed " + seed, "The random arrivals of this scenario come from the seed "
                    + seed + ". Replay them exactly with -Dagents.load.seed=" + seed + " (the kit jar's --load-seed "
                    + seed + ").");
        }
        return seed;
    }

    public synchronized java.util.Optional<Long> seed() {
        return java.util.Optional.ofNullable(seed);
    }

    public synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /** The figures of the scale-by-floor rule, k x F + A, in words. */
    public String rule(Duration f) {
        return scene.config().budgetFloorScale() + " x " + Distribution.ms(f) + " + " + Distribution.ms(scene.config().budgetAllowance());
    }

    /** The distributions measured and the kit's own figures, for the report. */
    public synchronized String figures() {
        StringBuilder out = new StringBuilder();
        measured.forEach(d -> out.append(d.summary()).append('\n'));
        clients.forEach((name, client) -> client.kitFigures().forEach(line -> out.append(name).append(", ")
                .append(line).append('\n')));
        return out.toString();
    }

    @Override
    public synchronized void close() {
        if (!measured.isEmpty() || !clients.isEmpty()) {
            Evidence.text("load: distributions measured (HdrHistogram) and the kit's own overhead", figures());
            List<String> exchanges = new ArrayList<>();
            clients.forEach((name, client) -> client.log().forEach(e -> exchanges.add(name + ": " + e.describe())));
            if (!exchanges.isEmpty()) {
                Evidence.text("load: every request of the load (" + exchanges.size() + ")", String.join("\n", exchanges));
            }
        }
        timer.shutdownNow();
        clients.values().forEach(LoadClient::close);
    }
}
