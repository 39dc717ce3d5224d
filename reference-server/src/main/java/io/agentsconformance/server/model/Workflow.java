package io.agentsconformance.server.model;

import java.util.List;

public record Workflow(String id, String projectId, String name, List<WorkflowNode> nodes, long createdAt) {
}
