package io.agentsconformance.server.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * What a run needs while it executes: who it is (for the correlation headers) and a kill switch.
 * Once {@link #cancel()} returned, no model or tool request of the run can leave the server:
 * requests register here before they are sent and are refused once the flag is up, and those
 * already in flight are aborted. Runs that complete, fail or are cancelled all pull the switch.
 */
public final class RunContext {

    private final String runId;
    private final String projectId;
    private final String workflowId;

    private final Object lock = new Object();
    private final Set<Call> inFlight = new HashSet<>();
    private boolean cancelled;
    private final CountDownLatch cancelledSignal = new CountDownLatch(1);
    /** What executes the run now: where a user's answer to a question goes (WF-04). */
    private volatile RunExecution execution;

    public RunContext(String runId, String projectId, String workflowId) {
        this.runId = runId;
        this.projectId = projectId;
        this.workflowId = workflowId;
    }

    public String runId() {
        return runId;
    }

    public String projectId() {
        return projectId;
    }

    public String workflowId() {
        return workflowId;
    }

    public boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    /** Stops the run's work: refuses new requests, aborts those in flight, wakes up backoff waits. */
    public void cancel() {
        List<Call> toAbort;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toAbort = new ArrayList<>(inFlight);
        }
        cancelledSignal.countDown();
        toAbort.forEach(Call::cancel);
    }

    void attach(RunExecution current) {
        execution = current;
    }

    RunExecution execution() {
        return execution;
    }

    /** Called by {@link RunGate} just before a request of this run goes out. */
    void register(Call call) throws IOException {
        synchronized (lock) {
            if (cancelled) {
                throw new IOException("run " + runId + " was stopped; request not sent");
            }
            inFlight.add(call);
        }
    }

    void unregister(Call call) {
        synchronized (lock) {
            inFlight.remove(call);
        }
    }

    /** Waits out a retry backoff; false if the run was cancelled meanwhile (the wait ends at once). */
    boolean pause(long millis) {
        try {
            return !cancelledSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
