package io.agentsconformance.server.model;

public record ContextItem(String id, String projectId, String name, String content, long createdAt) {
}
