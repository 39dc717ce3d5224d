package io.agentsconformance.server.model;

/** The agent (and model) that replays a node once when its own attempts are exhausted. */
public record Fallback(String agentId, String model) {
}
