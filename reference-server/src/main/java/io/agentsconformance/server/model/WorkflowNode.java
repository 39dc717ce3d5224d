package io.agentsconformance.server.model;

import java.util.List;
import java.util.Optional;

/** A node of a workflow graph, with every default of the contract filled in. */
public record WorkflowNode(
        String id,
        String agentId,
        String model,
        String instructions,
        List<ToolDefinition> tools,
        List<String> dependsOn,
        Fallback fallback,
        int timeoutMs,
        int maxAttempts,
        int retryBackoffMs,
        int maxModelCalls,
        boolean askUser) {

    /** The built-in tool by which a node with {@code askUser} asks the user (WF-04). */
    public static final String ASK_USER = "ask_user";

    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_RETRY_BACKOFF_MS = 200;
    public static final int DEFAULT_MAX_MODEL_CALLS = 50;

    /** One of the node's own tools; {@link #ASK_USER} is never one of them. */
    public Optional<ToolDefinition> tool(String name) {
        return tools.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }
}
