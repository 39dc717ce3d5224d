package bench;

import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/** The plain-text report printed at the end, each figure beside its floor measured in the same run. */
final class Summary {

    private final Workload workload;
    private final Phase measured;
    private final Phase warmup;
    private final Map<String, Histogram> floors;
    private final ProcSampler sampler;
    private final long floorStartNanos;
    private final Map<String, Object> facts;

    Summary(Workload workload, Phase measured, Phase warmup, Map<String, Histogram> floors, ProcSampler sampler,
            long floorStartNanos, Map<String, Object> facts) {
        this.workload = workload;
        this.measured = measured;
        this.warmup = warmup;
        this.floors = floors;
        this.sampler = sampler;
        this.floorStartNanos = floorStartNanos;
        this.facts = facts;
    }

    String render() {
        StringBuilder s = new StringBuilder();
        line(s, "=== Gatling benchmark of the reference server ===");
        line(s, "workload    " + workload);
        line(s, "machine     %d cores, %s %s, Java %s; server: its own JVM, -Xmx1g, SQLite in a temporary data directory; stand-in and floor on loopback",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        long first = measured.firstStartNanos();
        long last = measured.lastFinishNanos();
        boolean done = measured.done();
        double seconds = (last - first) / 1e9;
        line(s, "");
        line(s, "runs        %d of %d started; projects seen finished %d of %d%s", measured.started(), measured.runs,
                measured.finishedAt.size(), measured.targets.size(),
                done ? "" : " (NOT ALL: the round timed out)");
        line(s, "            every run COMPLETED is checked per project by Gatling (request '%s')",
                ReferenceServerSimulation.VERIFY_COMPLETED);
        if (done && first > 0) {
            line(s, "runs/s      %.1f  (%d runs from the first start to the last project seen finished, %.2f s;"
                    + " known to about %d ms, the watchers' poll)", measured.runs / seconds, measured.runs, seconds,
                    ReferenceServerSimulation.POLL_MS);
        }
        line(s, "");
        line(s, "%-44s %8s %8s %8s %8s", "latency (ms)", "count", "p50", "p99", "max");
        row(s, "start run (POST agent-runs)", measured.latencies.get(ReferenceServerSimulation.START), 1000.0);
        row(s, "read run (GET) during load", measured.latencies.get(ReferenceServerSimulation.READ), 1000.0);
        row(s, "floor: GET /api/health of the server", floors.get(ReferenceServerSimulation.FLOOR_HEALTH), 1000.0);
        row(s, "floor: bare Javalin GET (own JVM)", floors.get(ReferenceServerSimulation.FLOOR_GET), 1000.0);
        if (workload.subscribers() > 0) {
            line(s, "");
            line(s, "stream      %d of %d subscriptions saw the run's terminal event; %d live frames timed, %d replayed"
                    + " (happened before the subscriber connected, not timed)", measured.streamsEnded.get(),
                    measured.runs * workload.subscribers(), measured.framesLive.get(), measured.framesReplayed.get());
            if (warmup != null) {
                line(s, "            warm-up round: %d of %d subscriptions saw the run's terminal event (not timed; a"
                        + " shortfall fails the benchmark like any other)", warmup.streamsEnded.get(),
                        warmup.runs * workload.subscribers());
            }
            row(s, "stream lag (event timestamp to arrival)", measured.lagMs.getTotalCount() == 0 ? null : measured.lagMs, 1.0);
        }
        row(s, "floor: bare Javalin WebSocket echo", floors.get(ReferenceServerSimulation.FLOOR_ECHO), 1000.0);
        line(s, "            (HTTP latencies are Gatling's own, to the ms; the echo is timed to the us; the lag to the ms,"
                + " event timestamps having ms precision)");
        line(s, "");
        if (first > 0 && sampler != null) {
            long end = last > 0 ? last : System.nanoTime();
            line(s, "server CPU  %.0f %% of one core during the measured round (%d samples); %.0f %% during the floors",
                    sampler.cpuPercent(first, end), sampler.count(first, end), sampler.cpuPercent(floorStartNanos,
                            warmup != null && warmup.firstStartNanos() > 0 ? warmup.firstStartNanos() : first));
            line(s, "server RSS  peak %d MiB during the measured round; %d MiB during the floors",
                    sampler.peakRssKb(first, end) / 1024, sampler.peakRssKb(floorStartNanos,
                            warmup != null && warmup.firstStartNanos() > 0 ? warmup.firstStartNanos() : first) / 1024);
        }
        line(s, "");
        StringJoiner peaks = new StringJoiner(", ");
        boolean held = true;
        for (Phase.Target target : measured.targets) {
            int peak = measured.maxRunning.getOrDefault(target.projectId(), -1);
            held &= peak <= measured.maxConcurrentRuns;
            peaks.add(Integer.toString(peak));
        }
        line(s, "admission   maxConcurrentRuns %d; highest RUNNING count sampled per project: %s (%d samples);"
                + " never above the limit: %s", measured.maxConcurrentRuns, peaks, measured.admissionSamples.get(),
                held ? "yes" : "NO");
        line(s, "stand-in    %s model calls, %s tool calls over all rounds (5 and 4 per run, checked by Gatling)",
                facts.get("standInModelCalls"), facts.get("standInToolCalls"));
        line(s, "");
        line(s, "goals (issue 20; on a quiet machine, each in its workload):");
        goal(s, "runs1000", "at least 100 runs/s", done && first > 0 ? String.format("%.1f runs/s", measured.runs / seconds) : "n/a",
                done && first > 0 && measured.runs / seconds >= 100);
        Histogram start = measured.latencies.get(ReferenceServerSimulation.START);
        goal(s, "starts100", "start p99 under 250 ms", start == null ? "n/a" : ms(start, 99, 1000.0) + " ms",
                start != null && start.getValueAtPercentile(99) < 250_000);
        Histogram read = measured.latencies.get(ReferenceServerSimulation.READ);
        goal(s, "any", "read p99 under 50 ms during load", read == null ? "n/a" : ms(read, 99, 1000.0) + " ms",
                read != null && read.getValueAtPercentile(99) < 50_000);
        if (workload.subscribers() > 0) {
            goal(s, "streams200", "stream lag p99 under 50 ms", measured.lagMs.getTotalCount() == 0 ? "n/a"
                    : ms(measured.lagMs, 99, 1.0) + " ms", measured.lagMs.getTotalCount() > 0
                    && measured.lagMs.getValueAtPercentile(99) < 50);
        }
        line(s, "pass/fail   Gatling's assertions, printed above this summary and in the HTML report");
        return s.toString();
    }

    private void goal(StringBuilder s, String workloadName, String goal, String measuredValue, boolean met) {
        boolean applies = workloadName.equals("any") || workloadName.equals(workload.name());
        line(s, "  %-36s %-14s %s", goal, measuredValue,
                applies ? (met ? "met" : "MISSED") : "(not this workload's goal: -Dworkload=" + workloadName + ")");
    }

    private static void row(StringBuilder s, String name, Histogram h, double perMs) {
        if (h == null || h.getTotalCount() == 0) {
            line(s, "%-44s %8s", name, "none");
            return;
        }
        line(s, "%-44s %8d %8s %8s %8s", name, h.getTotalCount(), ms(h, 50, perMs), ms(h, 99, perMs),
                String.format("%.1f", h.getMaxValue() / perMs));
    }

    private static String ms(Histogram h, double percentile, double perMs) {
        double value = h.getValueAtPercentile(percentile) / perMs;
        return value < 10 ? String.format("%.2f", value) : String.format("%.0f", value);
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(args.length == 0 ? format : String.format(format, args)).append('\n');
    }
}
