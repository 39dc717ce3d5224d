package io.agentsconformance.server.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The contexts of the runs currently executing, by run id. */
public final class ActiveRuns {

    private final Map<String, RunContext> byRunId = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    void add(RunContext context) {
        byRunId.put(context.runId(), context);
        // Checked after the put: a run admitted while the server stops is cancelled by stopAll or
        // here, so no request of it can leave.
        if (stopping) {
            context.cancel();
        }
    }

    Optional<RunContext> get(String runId) {
        return Optional.ofNullable(byRunId.get(runId));
    }

    /** Removes the run's context and cancels it: its in-flight requests are aborted. */
    void stop(String runId) {
        RunContext context = byRunId.remove(runId);
        if (context != null) {
            context.cancel();
        }
    }

    /**
     * The server is stopping: every run's context is cancelled (no model or tool request leaves
     * from now on, those in flight are aborted) but stays known, so a write still in progress
     * finds its run. The runs stay RUNNING in the store; the next start recovers them.
     */
    void stopAll() {
        stopping = true;
        List.copyOf(byRunId.values()).forEach(RunContext::cancel);
    }

    boolean isStopping() {
        return stopping;
    }
}
