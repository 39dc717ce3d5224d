package io.agentsconformance.server.engine;

import io.agentsconformance.server.model.Project;
import io.agentsconformance.server.store.Store;
import java.util.List;
import java.util.function.Consumer;

/**
 * Promotes a project's PENDING runs to RUNNING, oldest first, while the project has fewer
 * RUNNING runs than its maxConcurrentRuns. Called whenever a run is created and whenever one
 * ends. A per-project lock keeps two admissions from filling the same free slot; it is always
 * taken before, never inside, a run's lock.
 */
final class Admission {

    private final Store store;
    private final RunLifecycle lifecycle;
    private final Consumer<RunContext> launcher;
    private final Object[] stripes = new Object[256];
    private final java.util.function.BooleanSupplier stopping;

    Admission(Store store, RunLifecycle lifecycle, Consumer<RunContext> launcher,
            java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
        this.store = store;
        this.lifecycle = lifecycle;
        this.launcher = launcher;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    void admit(String projectId) {
        if (stopping.getAsBoolean()) {
            // The server is stopping: a waiting run stays PENDING, and the next start admits it.
            return;
        }
        synchronized (stripes[Math.floorMod(projectId.hashCode(), stripes.length)]) {
            Project project = store.projects().find(projectId).orElseThrow();
            while (true) {
                long free = project.maxConcurrentRuns() - store.runs().countRunning(projectId);
                if (free <= 0) {
                    return;
                }
                List<String> waiting = store.runs().oldestPending(projectId, (int) free);
                if (waiting.isEmpty()) {
                    return;
                }
                // A run cancelled since the query just fails to start; the loop looks again.
                waiting.forEach(runId -> lifecycle.start(runId).ifPresent(launcher));
            }
        }
    }
}
