package io.agentsconformance.server.model;

/** One attempt of a model call (MODEL) or of a tool call (TOOL). */
public record Step(
        String id,
        String runId,
        int stepNumber,
        String nodeId,
        Kind kind,
        String name,
        String toolCallId,
        int attempt,
        Status status,
        String input,
        String output,
        String error,
        Long durationMs,
        long startedAt,
        Long completedAt) {

    public enum Kind { MODEL, TOOL }

    public enum Status { RUNNING, COMPLETED, FAILED, CANCELLED }
}
