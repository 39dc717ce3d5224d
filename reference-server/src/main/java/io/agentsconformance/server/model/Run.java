package io.agentsconformance.server.model;

import java.util.List;

/**
 * An agent run. {@code errorMessage} is set only when the run FAILED, {@code question} only while
 * it is INPUT_REQUIRED.
 */
public record Run(
        String id,
        long position,
        String projectId,
        String workflowId,
        RunStatus status,
        String inputQuery,
        String outputSummary,
        List<String> contextItemIds,
        String errorNodeId,
        String errorMessage,
        long startedAt,
        Long finishedAt,
        Question question) {

    /** What a node asked the user, through its ask_user call (WF-04). */
    public record Question(String nodeId, String toolCallId, String question) {
    }
}
