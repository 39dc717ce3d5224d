package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.Fallback;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.ToolDefinition;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.ProfileStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Reads and checks a workflow definition (openapi.yaml, WorkflowCreate): field types and bounds,
 * unique node ids, dependencies on nodes of the same workflow and no cycle, agents the caller can
 * see, unique tool names within a node, absolute http(s) tool URLs. Every problem names the node,
 * tool or agent at fault; defaults are filled in.
 */
final class WorkflowParser {

    /** The checked workflow: its name and nodes. */
    record Parsed(String name, List<WorkflowNode> nodes) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ProfileStore profiles;

    WorkflowParser(ProfileStore profiles) {
        this.profiles = profiles;
    }

    Parsed parse(ObjectNode body, String user) {
        Fields fields = new Fields(body);
        String name = fields.requiredText("name", 200);
        ArrayNode nodeArray = fields.optionalArray("nodes", 50);
        if (nodeArray == null && !fields.hasErrors() || nodeArray != null && nodeArray.isEmpty()) {
            fields.error("nodes", "is required and must have from 1 to 50 nodes");
        }
        List<WorkflowNode> nodes = new ArrayList<>();
        if (nodeArray != null) {
            for (int i = 0; i < nodeArray.size(); i++) {
                JsonNode json = nodeArray.get(i);
                if (!json.isObject()) {
                    fields.error("nodes[" + i + "]", "must be a JSON object");
                    continue;
                }
                WorkflowNode node = parseNode(fields.nested(json, "nodes[" + i + "]"), user);
                if (node != null) {
                    nodes.add(node);
                }
            }
        }
        fields.validate();
        checkGraph(nodes);
        return new Parsed(name, nodes);
    }

    private WorkflowNode parseNode(Fields fields, String user) {
        String id = fields.requiredText("id", 64);
        if (id != null && !NAME.matcher(id).matches()) {
            fields.error("id", "'" + id + "' must match ^[A-Za-z0-9_-]{1,64}$");
        }
        String node = "of node '" + id + "'";
        String agentId = fields.requiredText("agentId", 64);
        if (agentId != null && !isVisibleAgent(agentId, user)) {
            fields.error("agentId", node + " names agent '" + agentId + "', which is not an agent profile you can use");
        }
        String model = fields.requiredText("model", 200);
        String instructions = fields.optionalText("instructions", 20_000);
        List<ToolDefinition> tools = parseTools(fields, node);
        List<String> dependsOn = fields.optionalStrings("dependsOn", 50, 64);
        Fallback fallback = parseFallback(fields, node, model, user);
        int timeoutMs = fields.optionalInt("timeoutMs", 100, 600_000, WorkflowNode.DEFAULT_TIMEOUT_MS);
        int maxAttempts = fields.optionalInt("maxAttempts", 1, 10, WorkflowNode.DEFAULT_MAX_ATTEMPTS);
        int retryBackoffMs = fields.optionalInt("retryBackoffMs", 0, 60_000, WorkflowNode.DEFAULT_RETRY_BACKOFF_MS);
        int maxModelCalls = fields.optionalInt("maxModelCalls", 1, 5000, WorkflowNode.DEFAULT_MAX_MODEL_CALLS);
        boolean askUser = fields.optionalBoolean("askUser", false);
        if (askUser && tools.stream().anyMatch(tool -> tool.name().equals(WorkflowNode.ASK_USER))) {
            fields.error("tools", node + " has a tool named '" + WorkflowNode.ASK_USER
                    + "', the name of the built-in tool askUser offers");
        }
        if (fields.hasErrors()) {
            return null;
        }
        return new WorkflowNode(id, agentId, model, instructions, tools, List.copyOf(dependsOn), fallback, timeoutMs,
                maxAttempts, retryBackoffMs, maxModelCalls, askUser);
    }

    private List<ToolDefinition> parseTools(Fields fields, String node) {
        List<ToolDefinition> tools = new ArrayList<>();
        ArrayNode array = fields.optionalArray("tools", 50);
        if (array == null) {
            return tools;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "tools[" + i + "]";
            if (!array.get(i).isObject()) {
                fields.error(path, node + " must be a JSON object");
                continue;
            }
            Fields tool = fields.nested(array.get(i), path);
            String name = tool.requiredText("name", 64);
            if (name != null && !NAME.matcher(name).matches()) {
                tool.error("name", node + " is '" + name + "' and must match ^[A-Za-z0-9_-]{1,64}$");
            } else if (name != null && !names.add(name)) {
                tool.error("name", node + " repeats the tool name '" + name + "'");
            }
            String description = tool.optionalText("description", 2000);
            String url = tool.requiredText("url", 2000);
            // HttpUrl accepts exactly the absolute http(s) URLs the tool client can call.
            if (url != null && HttpUrl.parse(url) == null) {
                tool.error("url", node + " (tool '" + name + "') must be an absolute http(s) URL");
            }
            ObjectNode parameters = tool.optionalObject("parameters");
            if (parameters != null && depth(parameters) > MAX_SCHEMA_DEPTH) {
                tool.error("parameters", node + " (tool '" + name + "') nests its parameters schema more than "
                        + MAX_SCHEMA_DEPTH + " levels deep");
            }
            if (!tool.hasErrors()) {
                tools.add(new ToolDefinition(name, description, url,
                        parameters != null ? parameters : emptyObjectSchema()));
            }
        }
        return List.copyOf(tools);
    }

    /**
     * How deep a tool's {@code parameters} schema may nest (spec/openapi.yaml, ToolDefinition). About
     * 900 levels overflowed the model client's stack while it wrote the request, on every run of
     * the workflow; no real schema comes near 64.
     */
    static final int MAX_SCHEMA_DEPTH = 64;

    /** Levels of objects and arrays, the schema itself being 1; counted without recursion. */
    static int depth(JsonNode root) {
        int deepest = 0;
        java.util.ArrayDeque<Map.Entry<JsonNode, Integer>> pending = new java.util.ArrayDeque<>();
        pending.push(Map.entry(root, 1));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            deepest = Math.max(deepest, next.getValue());
            for (JsonNode child : next.getKey()) {
                if (child.isContainerNode()) {
                    pending.push(Map.entry(child, next.getValue() + 1));
                }
            }
        }
        return deepest;
    }

    private Fallback parseFallback(Fields fields, String node, String nodeModel, String user) {
        ObjectNode json = fields.optionalObject("fallback");
        if (json == null) {
            return null;
        }
        Fields fallback = fields.nested(json, "fallback");
        String agentId = fallback.requiredText("agentId", 64);
        if (agentId != null && !isVisibleAgent(agentId, user)) {
            fallback.error("agentId", node + " names agent '" + agentId
                    + "', which is not an agent profile you can use");
        }
        String model = fallback.optionalText("model", 200);
        if (model != null && model.isBlank()) {
            fallback.error("model", node + " must not be blank");
        }
        return new Fallback(agentId, model != null ? model : nodeModel);
    }

    /** Node ids are unique, dependencies name other nodes of the workflow, and there is no cycle. */
    private static void checkGraph(List<WorkflowNode> nodes) {
        Fields problems = new Fields(Json.object());
        Map<String, WorkflowNode> byId = new LinkedHashMap<>();
        for (WorkflowNode node : nodes) {
            if (byId.put(node.id(), node) != null) {
                problems.error("nodes", "repeat the node id '" + node.id() + "'");
            }
        }
        for (WorkflowNode node : nodes) {
            for (String dependency : node.dependsOn()) {
                if (dependency.equals(node.id())) {
                    problems.error("nodes", "include node '" + node.id() + "', which depends on itself");
                } else if (!byId.containsKey(dependency)) {
                    problems.error("nodes", "include node '" + node.id() + "', which depends on '" + dependency
                            + "', not a node of this workflow");
                }
            }
        }
        problems.validate();
        List<String> cycle = nodesOnCycles(byId);
        if (!cycle.isEmpty()) {
            problems.error("nodes", "form a cycle through nodes " + String.join(", ", cycle));
        }
        problems.validate();
    }

    /** Kahn's algorithm: the nodes left when no node without unmet dependencies remains. */
    private static List<String> nodesOnCycles(Map<String, WorkflowNode> byId) {
        Map<String, Integer> unmet = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (WorkflowNode node : byId.values()) {
            unmet.put(node.id(), new HashSet<>(node.dependsOn()).size());
            for (String dependency : new HashSet<>(node.dependsOn())) {
                dependents.computeIfAbsent(dependency, id -> new ArrayList<>()).add(node.id());
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        unmet.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        while (!ready.isEmpty()) {
            String done = ready.poll();
            unmet.remove(done);
            for (String dependent : dependents.getOrDefault(done, List.of())) {
                if (unmet.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        return byId.keySet().stream().filter(unmet::containsKey).toList();
    }

    private boolean isVisibleAgent(String agentId, String user) {
        return Ids.isPlausible(agentId) && profiles.findVisible(agentId, user).isPresent();
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
