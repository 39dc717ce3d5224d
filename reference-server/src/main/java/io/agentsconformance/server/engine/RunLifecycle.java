package io.agentsconformance.server.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.RunStatus;
import io.agentsconformance.server.model.Times;
import io.agentsconformance.server.model.Workflow;
import io.agentsconformance.server.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * The status transitions of a run (spec/README.md, "Run statuses"), each made by a conditional
 * UPDATE under the run's lock, with its events. A transition that lost a race reports it and
 * records nothing.
 */
final class RunLifecycle {

    private final Store store;
    private final RunJournal journal;
    private final RunRecorder recorder;
    private final ActiveRuns activeRuns;

    RunLifecycle(Store store, RunJournal journal, RunRecorder recorder, ActiveRuns activeRuns) {
        this.store = store;
        this.journal = journal;
        this.recorder = recorder;
        this.activeRuns = activeRuns;
    }

    /** A new PENDING run whose first message is its input query. */
    Run create(Workflow workflow, String inputQuery, List<String> contextItemIds) {
        String runId = Ids.newId("run");
        return journal.write(runId, () -> {
            Run run = store.runs().insertPending(runId, workflow.projectId(), workflow.id(), workflow.nodes(),
                    inputQuery, contextItemIds, Times.now());
            journal.record(runId, EventTypes.RUN_CREATED, Representations.run(run));
            Message input = recorder.appendMessage(runId, Message.Role.USER, Message.Type.USER, inputQuery, null,
                    null, null, contextItemIds);
            store.runs().setAnsweredSeq(runId, input.seq());
            return run;
        });
    }

    /** PENDING to RUNNING: node states appear and the run's context goes live. Empty if it lost a race. */
    Optional<RunContext> start(String runId) {
        return journal.write(runId, () -> {
            if (!store.runs().start(runId)) {
                return Optional.empty();
            }
            Run run = store.runs().find(runId).orElseThrow();
            store.nodeStates().insertPending(runId, store.runs().snapshot(runId));
            RunContext context = new RunContext(runId, run.projectId(), run.workflowId());
            activeRuns.add(context);
            journal.record(runId, EventTypes.RUN_UPDATED, Representations.run(run));
            recorder.nodesCreated(runId);
            return Optional.of(context);
        });
    }

    /**
     * COMPLETED to RUNNING, because a user message arrived: a new turn of the final node(s). Part
     * of the caller's write, the one that appended the message.
     */
    RunContext resume(Run run) {
        if (!store.runs().resume(run.id())) {
            throw new IllegalStateException("run " + run.id() + " is not COMPLETED");
        }
        RunContext context = new RunContext(run.id(), run.projectId(), run.workflowId());
        activeRuns.add(context);
        Run resumed = store.runs().find(run.id()).orElseThrow();
        journal.record(run.id(), EventTypes.RUN_UPDATED, Representations.run(resumed));
        return context;
    }

    /** RUNNING (or already waiting) to INPUT_REQUIRED, showing {@code question} (WF-04). */
    void awaitInput(RunContext context, Run.Question question) {
        journal.write(context.runId(), () -> {
            if (!context.isCancelled() && store.runs().awaitInput(context.runId(), question)) {
                journal.record(context.runId(), EventTypes.RUN_UPDATED,
                        Representations.run(store.runs().find(context.runId()).orElseThrow()));
            }
            return null;
        });
    }

    /** INPUT_REQUIRED to RUNNING: the last open question was answered. */
    void inputReceived(RunContext context) {
        journal.write(context.runId(), () -> {
            if (!context.isCancelled() && store.runs().inputReceived(context.runId())) {
                journal.record(context.runId(), EventTypes.RUN_UPDATED,
                        Representations.run(store.runs().find(context.runId()).orElseThrow()));
            }
            return null;
        });
    }

    boolean complete(RunContext context, String outputSummary) {
        return journal.write(context.runId(), () -> {
            if (context.isCancelled() || !store.runs().complete(context.runId(), outputSummary, Times.now())) {
                return false;
            }
            activeRuns.stop(context.runId());
            recordEnd(context.runId(), EventTypes.RUN_COMPLETED);
            return true;
        });
    }

    /** PENDING or RUNNING to FAILED; {@code nodeId} names the failed node (null if none did). */
    boolean fail(String runId, String nodeId, String message) {
        return journal.write(runId, () -> {
            if (!store.runs().fail(runId, nodeId, message, Times.now())) {
                return false;
            }
            activeRuns.stop(runId);
            if (nodeId != null) {
                recorder.failNode(runId, nodeId, message);
            }
            recorder.stopUnfinishedWork(runId, "the run failed");
            recorder.appendMessage(runId, Message.Role.AGENT, Message.Type.ERROR, message, nodeId, null, null,
                    List.of());
            recordEnd(runId, EventTypes.RUN_FAILED);
            return true;
        });
    }

    /**
     * Cancels a PENDING or RUNNING run; a CANCELLED run is answered as it is (idempotent).
     *
     * @return the run after the call, and whether this call cancelled it
     * @throws RunStateConflict if the run COMPLETED or FAILED
     */
    Cancellation cancel(String runId) {
        return journal.write(runId, () -> {
            Run run = store.runs().find(runId).orElseThrow();
            if (run.status() == RunStatus.COMPLETED || run.status() == RunStatus.FAILED) {
                throw new RunStateConflict("Agent run " + runId + " is " + run.status() + " and cannot be cancelled");
            }
            if (!store.runs().cancel(runId, Times.now())) {
                return new Cancellation(run, false);
            }
            activeRuns.stop(runId);
            recorder.stopUnfinishedWork(runId, "the run was cancelled");
            return new Cancellation(recordEnd(runId, EventTypes.RUN_CANCELLED), true);
        });
    }

    record Cancellation(Run run, boolean transitioned) {
    }

    /** The status change, then the terminal event: always the last event of a run's turn. */
    private Run recordEnd(String runId, String terminalEvent) {
        Run run = store.runs().find(runId).orElseThrow();
        ObjectNode json = Representations.run(run);
        journal.record(runId, EventTypes.RUN_UPDATED, json);
        journal.record(runId, terminalEvent, json);
        return run;
    }
}
