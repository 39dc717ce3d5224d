package io.agentsconformance.server.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The contexts of the runs currently executing, by run id. */
public final class ActiveRuns {

    private final Map<String, RunContext> byRunId = new ConcurrentHashMap<>();

    void add(RunContext context) {
        byRunId.put(context.runId(), context);
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

    void stopAll() {
        List.copyOf(byRunId.keySet()).forEach(this::stop);
    }
}
