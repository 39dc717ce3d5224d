package io.agentsconformance.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.NodeState;
import io.agentsconformance.server.model.Representations;
import io.agentsconformance.server.model.Step;
import io.agentsconformance.server.model.Times;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.Store;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records what the nodes of an executing run do: node states, steps and messages, each with its
 * events. Every write of a node worker first checks, under the run's lock, that the run is still
 * executing: once a run was cancelled or failed, a straggling worker can change nothing.
 */
final class RunRecorder {

    private final Store store;
    private final RunJournal journal;

    RunRecorder(Store store, RunJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    // --- writes of a node worker -------------------------------------------------------------------

    void startNode(RunContext run, String nodeId, String note) {
        whileExecuting(run, () -> {
            NodeState state = node(run.runId(), nodeId);
            save(state.started(note, Times.now()), state.status());
            agentStarted(run.runId(), nodeId, state.agentId());
            return null;
        });
    }

    void countModelCall(RunContext run, String nodeId) {
        whileExecuting(run, () -> {
            NodeState state = node(run.runId(), nodeId);
            save(state.afterModelCall(), state.status());
            return null;
        });
    }

    /** Records the start of one attempt and its lifecycle event (agent_thinking or tool_executing). */
    Step startStep(RunContext run, String nodeId, Step.Kind kind, String name, String toolCallId, int attempt,
            String input, String lifecycleEvent, JsonNode lifecycleData) {
        return whileExecuting(run, () -> {
            Step step = new Step(Ids.newId("step"), run.runId(), store.runs().nextStepNumber(run.runId()), nodeId,
                    kind, name, toolCallId, attempt, Step.Status.RUNNING, input, null, null, null, Times.now(), null);
            store.steps().insert(step);
            journal.record(run.runId(), EventTypes.STEP_UPDATED, Representations.step(step));
            journal.record(run.runId(), lifecycleEvent, lifecycleData);
            return step;
        });
    }

    /** Records the end of an attempt, then its lifecycle event if it has one (tool_completed). */
    void finishStep(RunContext run, Step step, Step.Status status, String output, String error,
            String lifecycleEvent, JsonNode lifecycleData) {
        whileExecuting(run, () -> {
            if (store.steps().finish(step.id(), status, output, error, Times.now())) {
                journal.record(run.runId(), EventTypes.STEP_UPDATED,
                        Representations.step(store.steps().find(step.id()).orElseThrow()));
                if (lifecycleEvent != null) {
                    journal.record(run.runId(), lifecycleEvent, lifecycleData);
                }
            }
            return null;
        });
    }

    Message agentMessage(RunContext run, Message.Type type, String content, String nodeId, String toolCallId,
            String toolName) {
        return whileExecuting(run, () -> appendMessage(run.runId(), Message.Role.AGENT, type, content, nodeId,
                toolCallId, toolName, List.of()));
    }

    /**
     * The node's agent failed and its fallback replays the turn: what the failed agent said in this
     * turn leaves the node's conversation (it stays listed), and the node is played by the fallback.
     */
    void fallBack(RunContext run, WorkflowNode node, String reason, long turnStartSeq) {
        whileExecuting(run, () -> {
            store.messages().supersede(run.runId(), node.id(), turnStartSeq);
            NodeState state = node(run.runId(), node.id());
            agentCompleted(run.runId(), node.id(), "FAILED", null);
            String agentId = node.fallback().agentId();
            String model = node.fallback().model();
            save(state.playedBy(agentId, model, "agent " + state.agentId() + " failed (" + reason
                    + "); falling back to agent " + agentId + " with model " + model), state.status());
            agentStarted(run.runId(), node.id(), agentId);
            return null;
        });
    }

    // --- writes inside a change the caller makes under the run's lock ----------------------------------

    /** The node answered: its output is recorded as an assistant message. False if the run stopped. */
    boolean completeNode(RunContext run, String nodeId, String output) {
        if (run.isCancelled()) {
            return false;
        }
        appendMessage(run.runId(), Message.Role.AGENT, Message.Type.ASSISTANT, output, nodeId, null, null, List.of());
        save(node(run.runId(), nodeId).finished(NodeState.Status.COMPLETED, output, "completed", Times.now()),
                NodeState.Status.RUNNING);
        agentCompleted(run.runId(), nodeId, "COMPLETED", output);
        return true;
    }

    Message appendMessage(String runId, Message.Role role, Message.Type type, String content, String nodeId,
            String toolCallId, String toolName, List<String> contextItemIds) {
        Message message = new Message(Ids.newId("msg"), runId, store.runs().nextMessageSeq(runId), role, type,
                content, nodeId, toolCallId, toolName, List.copyOf(contextItemIds), Times.now());
        store.messages().insert(message);
        journal.record(runId, EventTypes.MESSAGE_APPENDED, Representations.message(message));
        return message;
    }

    void failNode(String runId, String nodeId, String message) {
        NodeState state = node(runId, nodeId);
        if (state.status() == NodeState.Status.RUNNING) {
            save(state.finished(NodeState.Status.FAILED, null, "failed: " + message, Times.now()),
                    NodeState.Status.RUNNING);
            agentCompleted(runId, nodeId, "FAILED", null);
        }
    }

    /** When a run ends early: running steps and nodes are cancelled, nodes not started are skipped. */
    void stopUnfinishedWork(String runId, String reason) {
        for (Step step : store.steps().cancelRunning(runId, Times.now())) {
            journal.record(runId, EventTypes.STEP_UPDATED, Representations.step(step));
            if (step.kind() == Step.Kind.TOOL) {
                // Keeps tool_executing and tool_completed paired on the stream.
                journal.record(runId, EventTypes.TOOL_COMPLETED, toolEvent(step.nodeId(), step.toolCallId(),
                        step.name()).put("error", reason));
            }
        }
        for (NodeState state : store.nodeStates().list(runId)) {
            if (state.status() == NodeState.Status.RUNNING) {
                save(state.finished(NodeState.Status.CANCELLED, state.output(), "cancelled: " + reason, Times.now()),
                        NodeState.Status.RUNNING);
                agentCompleted(runId, state.nodeId(), "CANCELLED", null);
            } else if (state.status() == NodeState.Status.PENDING) {
                save(state.skipped("skipped: " + reason), NodeState.Status.PENDING);
            }
        }
    }

    /** The events of the node states a starting run just created. */
    void nodesCreated(String runId) {
        for (NodeState state : store.nodeStates().list(runId)) {
            journal.record(runId, EventTypes.NODE_UPDATED, Representations.nodeState(state));
        }
    }

    static ObjectNode toolEvent(String nodeId, String toolCallId, String toolName) {
        return Json.object().put("nodeId", nodeId).put("toolCallId", toolCallId).put("toolName", toolName);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private <T> T whileExecuting(RunContext run, Supplier<T> change) {
        return journal.write(run.runId(), () -> {
            if (run.isCancelled()) {
                throw RunStopped.INSTANCE;
            }
            return change.get();
        });
    }

    private NodeState node(String runId, String nodeId) {
        return store.nodeStates().find(runId, nodeId).orElseThrow();
    }

    private void save(NodeState next, NodeState.Status expected) {
        if (store.nodeStates().save(next, expected)) {
            journal.record(next.runId(), EventTypes.NODE_UPDATED, Representations.nodeState(next));
        }
    }

    private void agentStarted(String runId, String nodeId, String agentId) {
        journal.record(runId, EventTypes.AGENT_STARTED, Json.object().put("nodeId", nodeId).put("agentId", agentId));
    }

    private void agentCompleted(String runId, String nodeId, String status, String output) {
        journal.record(runId, EventTypes.AGENT_COMPLETED,
                Json.object().put("nodeId", nodeId).put("status", status).put("output", output));
    }
}
