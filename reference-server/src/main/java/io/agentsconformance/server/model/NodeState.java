package io.agentsconformance.server.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one workflow node within a run. Its transitions below keep the contract's
 * progress rule: 0 before the node starts, 1 once it finished (completed, failed, skipped or
 * cancelled), and in between growing with each model call without reaching 1.
 */
public record NodeState(
        String runId,
        String nodeId,
        String agentId,
        String model,
        boolean onFallback,
        Status status,
        double progress,
        int modelCalls,
        List<String> notes,
        String output,
        Long startedAt,
        Long completedAt) {

    public enum Status { PENDING, RUNNING, COMPLETED, FAILED, SKIPPED, CANCELLED }

    /** Starts a turn: the first, or a later one answering a follow-up message. */
    public NodeState started(String note, long now) {
        return new NodeState(runId, nodeId, agentId, model, onFallback, Status.RUNNING, progressAfter(modelCalls),
                modelCalls, plus(note), output, startedAt == null ? now : startedAt, null);
    }

    public NodeState afterModelCall() {
        return new NodeState(runId, nodeId, agentId, model, onFallback, status, progressAfter(modelCalls + 1),
                modelCalls + 1, notes, output, startedAt, completedAt);
    }

    /** The node is played by its fallback agent from now on. */
    public NodeState playedBy(String fallbackAgentId, String fallbackModel, String note) {
        return new NodeState(runId, nodeId, fallbackAgentId, fallbackModel, true, status, progress, modelCalls,
                plus(note), output, startedAt, completedAt);
    }

    public NodeState finished(Status end, String finalOutput, String note, long now) {
        return new NodeState(runId, nodeId, agentId, model, onFallback, end, 1.0, modelCalls, plus(note),
                finalOutput, startedAt, now);
    }

    /** Never started, and never will: it has no start or end time. */
    public NodeState skipped(String note) {
        return new NodeState(runId, nodeId, agentId, model, onFallback, Status.SKIPPED, 1.0, modelCalls, plus(note),
                null, null, null);
    }

    private static double progressAfter(int modelCalls) {
        return modelCalls / (modelCalls + 1.0);
    }

    private List<String> plus(String note) {
        List<String> next = new ArrayList<>(notes);
        next.add(note);
        return List.copyOf(next);
    }
}
