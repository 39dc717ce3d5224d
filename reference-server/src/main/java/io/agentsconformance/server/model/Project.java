package io.agentsconformance.server.model;

public record Project(String id, String owner, String name, int maxConcurrentRuns, long createdAt) {
}
