package io.agentsconformance.server.model;

import java.util.List;

/** An agent run. {@code errorMessage} is set only when the run FAILED. */
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
        Long finishedAt) {
}
