package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One round of runs (the warm-up or the measured one): its projects, the runs started so far, when
 * each project was seen finished, and what was measured, shared by the round's virtual users.
 */
final class Phase {

    /** A project of the round with its workflow and how many runs it is given. */
    record Target(String projectId, String workflowId, int runs) {
    }

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*\"([^\"]+)\"");

    final String prefix;
    final int runs;
    final int maxConcurrentRuns;
    final List<Target> targets;
    final long timeoutNanos;

    final AtomicInteger startsAnswered = new AtomicInteger();
    private final List<String> started = new ArrayList<>();
    final LinkedBlockingQueue<String[]> toSubscribe = new LinkedBlockingQueue<>();
    private final AtomicLong firstStart = new AtomicLong();
    final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    final Map<String, Integer> maxRunning = new ConcurrentHashMap<>();
    final AtomicInteger admissionSamples = new AtomicInteger();

    /** Latencies, microseconds, of the requests the summary reports, recorded from Gatling's own timings. */
    final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    /** Stream lag, milliseconds: an event's timestamp to its frame's arrival, live events only. */
    final Histogram lagMs = new ConcurrentHistogram(3);
    final AtomicLong framesLive = new AtomicLong();
    final AtomicLong framesReplayed = new AtomicLong();
    final AtomicInteger streamsEnded = new AtomicInteger();

    Phase(String prefix, int runs, int maxConcurrentRuns, List<Target> targets, long timeoutSeconds) {
        this.prefix = prefix;
        this.runs = runs;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.targets = targets;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    String name(String request) {
        return prefix + request;
    }

    void markStart() {
        firstStart.compareAndSet(0, System.nanoTime());
    }

    long firstStartNanos() {
        return firstStart.get();
    }

    boolean expired() {
        long first = firstStart.get();
        return first != 0 && System.nanoTime() - first > timeoutNanos;
    }

    void started(String projectId, String runId, int subscribers) {
        synchronized (started) {
            started.add(projectId + "/agent-runs/" + runId);
        }
        for (int i = 0; i < subscribers; i++) {
            toSubscribe.add(new String[] {projectId, runId});
        }
    }

    int started() {
        synchronized (started) {
            return started.size();
        }
    }

    boolean allStartsAnswered() {
        return startsAnswered.get() >= runs;
    }

    /** A started run as {@code projectId/agent-runs/runId}, or "" while none has started. */
    String randomRun() {
        synchronized (started) {
            return started.isEmpty() ? "" : started.get(ThreadLocalRandom.current().nextInt(started.size()));
        }
    }

    /**
     * One watcher's sample of a project: when every start had been answered before the PENDING
     * count was asked, no run can become PENDING again, so PENDING 0 then RUNNING 0 means finished.
     */
    void observe(String projectId, boolean startsWereAnswered, int pending, int running) {
        admissionSamples.incrementAndGet();
        maxRunning.merge(projectId, running, Math::max);
        if (startsWereAnswered && pending == 0 && running == 0) {
            finishedAt.putIfAbsent(projectId, System.nanoTime());
        }
    }

    boolean finished(String projectId) {
        return finishedAt.containsKey(projectId);
    }

    boolean done() {
        return finishedAt.size() == targets.size();
    }

    long lastFinishNanos() {
        return finishedAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    void recordLatency(String request, long micros) {
        latencies.computeIfAbsent(request, r -> new ConcurrentHistogram(3)).recordValue(Math.max(0, micros));
    }

    /** A frame's lag, when the event happened after the subscriber connected (else it is a replay). */
    void recordFrame(String frame, long arrivedMillis, long connectedMillis) {
        Matcher timestamp = TIMESTAMP.matcher(frame);
        if (!timestamp.find()) {
            return;
        }
        long happened = java.time.Instant.parse(timestamp.group(1)).toEpochMilli();
        if (happened >= connectedMillis) {
            framesLive.incrementAndGet();
            lagMs.recordValue(Math.max(0, arrivedMillis - happened));
        } else {
            framesReplayed.incrementAndGet();
        }
    }
}
