package io.agentsconformance.server.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON representations of openapi.yaml. Both the REST answers and the event stream's mirror
 * events use them, so the two always agree. Nullable fields are written as explicit nulls.
 */
public final class Representations {

    private Representations() {
    }

    public static ObjectNode project(Project project) {
        ObjectNode json = Json.object();
        json.put("id", project.id());
        json.put("name", project.name());
        json.put("maxConcurrentRuns", project.maxConcurrentRuns());
        json.put("createdAt", Times.format(project.createdAt()));
        return json;
    }

    public static ObjectNode profile(AgentProfile profile) {
        ObjectNode json = Json.object();
        json.put("id", profile.id());
        json.put("name", profile.name());
        json.put("description", profile.description());
        ArrayNode capabilities = json.putArray("capabilities");
        profile.capabilities().forEach(capabilities::add);
        json.put("instructions", profile.instructions());
        json.put("builtIn", profile.builtIn());
        return json;
    }

    public static ObjectNode workflow(Workflow workflow) {
        ObjectNode json = Json.object();
        json.put("id", workflow.id());
        json.put("projectId", workflow.projectId());
        json.put("name", workflow.name());
        json.set("nodes", nodes(workflow.nodes()));
        json.put("createdAt", Times.format(workflow.createdAt()));
        return json;
    }

    public static ArrayNode nodes(List<WorkflowNode> nodes) {
        ArrayNode array = Json.array();
        nodes.forEach(node -> array.add(node(node)));
        return array;
    }

    public static ObjectNode node(WorkflowNode node) {
        ObjectNode json = Json.object();
        json.put("id", node.id());
        json.put("agentId", node.agentId());
        json.put("model", node.model());
        json.put("instructions", node.instructions());
        ArrayNode tools = json.putArray("tools");
        for (ToolDefinition tool : node.tools()) {
            ObjectNode toolJson = tools.addObject();
            toolJson.put("name", tool.name());
            toolJson.put("description", tool.description());
            toolJson.put("url", tool.url());
            toolJson.set("parameters", tool.parameters());
        }
        ArrayNode dependsOn = json.putArray("dependsOn");
        node.dependsOn().forEach(dependsOn::add);
        if (node.fallback() == null) {
            json.putNull("fallback");
        } else {
            json.putObject("fallback").put("agentId", node.fallback().agentId()).put("model", node.fallback().model());
        }
        json.put("timeoutMs", node.timeoutMs());
        json.put("maxAttempts", node.maxAttempts());
        json.put("retryBackoffMs", node.retryBackoffMs());
        json.put("maxModelCalls", node.maxModelCalls());
        json.put("askUser", node.askUser());
        return json;
    }

    /** Reads nodes back from the JSON {@link #nodes} wrote (a stored definition or run snapshot). */
    public static List<WorkflowNode> readNodes(JsonNode array) {
        List<WorkflowNode> nodes = new ArrayList<>();
        for (JsonNode json : array) {
            List<ToolDefinition> tools = new ArrayList<>();
            for (JsonNode tool : json.get("tools")) {
                tools.add(new ToolDefinition(tool.get("name").asText(), textOrNull(tool.get("description")),
                        tool.get("url").asText(), (ObjectNode) tool.get("parameters")));
            }
            List<String> dependsOn = new ArrayList<>();
            json.get("dependsOn").forEach(id -> dependsOn.add(id.asText()));
            JsonNode fallback = json.get("fallback");
            nodes.add(new WorkflowNode(
                    json.get("id").asText(),
                    json.get("agentId").asText(),
                    json.get("model").asText(),
                    textOrNull(json.get("instructions")),
                    List.copyOf(tools),
                    List.copyOf(dependsOn),
                    fallback == null || fallback.isNull()
                            ? null
                            : new Fallback(fallback.get("agentId").asText(), fallback.get("model").asText()),
                    json.get("timeoutMs").asInt(),
                    json.get("maxAttempts").asInt(),
                    json.get("retryBackoffMs").asInt(),
                    json.get("maxModelCalls").asInt(),
                    json.path("askUser").asBoolean(false)));
        }
        return List.copyOf(nodes);
    }

    public static ObjectNode contextItem(ContextItem item) {
        ObjectNode json = Json.object();
        json.put("id", item.id());
        json.put("projectId", item.projectId());
        json.put("name", item.name());
        json.put("content", item.content());
        json.put("createdAt", Times.format(item.createdAt()));
        return json;
    }

    public static ObjectNode run(Run run) {
        ObjectNode json = Json.object();
        json.put("id", run.id());
        json.put("projectId", run.projectId());
        json.put("workflowId", run.workflowId());
        json.put("status", run.status().name());
        json.put("inputQuery", run.inputQuery());
        json.put("outputSummary", run.outputSummary());
        json.put("startedAt", Times.format(run.startedAt()));
        putTime(json, "finishedAt", run.finishedAt());
        ArrayNode contextItemIds = json.putArray("contextItemIds");
        run.contextItemIds().forEach(contextItemIds::add);
        if (run.errorMessage() == null) {
            json.putNull("error");
        } else {
            json.putObject("error").put("nodeId", run.errorNodeId()).put("message", run.errorMessage());
        }
        if (run.question() == null) {
            json.putNull("inputRequired");
        } else {
            json.putObject("inputRequired").put("nodeId", run.question().nodeId())
                    .put("toolCallId", run.question().toolCallId()).put("question", run.question().question());
        }
        return json;
    }

    public static ObjectNode step(Step step) {
        ObjectNode json = Json.object();
        json.put("id", step.id());
        json.put("runId", step.runId());
        json.put("stepNumber", step.stepNumber());
        json.put("nodeId", step.nodeId());
        json.put("kind", step.kind().name());
        json.put("name", step.name());
        json.put("toolCallId", step.toolCallId());
        json.put("attempt", step.attempt());
        json.put("status", step.status().name());
        json.put("input", step.input());
        json.put("output", step.output());
        json.put("error", step.error());
        json.put("durationMs", step.durationMs());
        json.put("startedAt", Times.format(step.startedAt()));
        putTime(json, "completedAt", step.completedAt());
        return json;
    }

    public static ObjectNode nodeState(NodeState state) {
        ObjectNode json = Json.object();
        json.put("runId", state.runId());
        json.put("nodeId", state.nodeId());
        json.put("agentId", state.agentId());
        json.put("status", state.status().name());
        json.put("progress", state.progress());
        ArrayNode notes = json.putArray("messages");
        state.notes().forEach(notes::add);
        json.put("output", state.output());
        putTime(json, "startedAt", state.startedAt());
        putTime(json, "completedAt", state.completedAt());
        return json;
    }

    public static ObjectNode message(Message message) {
        ObjectNode json = Json.object();
        json.put("id", message.id());
        json.put("runId", message.runId());
        json.put("role", message.role().wire);
        json.put("type", message.type().wire);
        json.put("content", message.content());
        json.put("nodeId", message.nodeId());
        json.put("toolCallId", message.toolCallId());
        json.put("toolName", message.toolName());
        ArrayNode contextItemIds = json.putArray("contextItemIds");
        message.contextItemIds().forEach(contextItemIds::add);
        json.put("createdAt", Times.format(message.createdAt()));
        return json;
    }

    /** The envelope of spec/event-stream.md. */
    public static ObjectNode event(RunEvent event) {
        ObjectNode json = Json.object();
        json.put("type", event.type());
        json.put("runId", event.runId());
        json.put("sequence", event.sequence());
        json.put("timestamp", Times.format(event.timestamp()));
        json.set("data", event.data());
        return json;
    }

    private static void putTime(ObjectNode json, String field, Long epochMillis) {
        if (epochMillis == null) {
            json.putNull(field);
        } else {
            json.put(field, Times.format(epochMillis));
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
