package io.agentsconformance.kit.setup;

import java.util.List;
import java.util.Map;

/**
 * A workflow to create ({@code WorkflowCreate} of spec/openapi.yaml).
 *
 * @param label how the scenario calls the workflow, e.g. "triage": for messages
 * @param name  the name to give it on the target: the label made unique to the scenario, at most
 *              200 characters
 * @param nodes the workflow's nodes, each as the JSON object {@code WorkflowNode} of
 *              spec/openapi.yaml describes, in JSON's Java types (String, Integer, Long, Boolean,
 *              List, Map with String keys): {@code id}, {@code agentId} (an id
 *              {@link TargetSetUp#createAgentProfile} returned), {@code model}, and when the
 *              scenario needs them {@code tools} (each with the {@code url} of a kit stand-in the
 *              target must POST the tool's calls to), {@code dependsOn}, {@code fallback},
 *              {@code timeoutMs}, {@code maxAttempts}, {@code retryBackoffMs}, {@code maxModelCalls},
 *              {@code instructions}, {@code askUser}. Read them; do not change them.
 */
public record NewWorkflow(String label, String name, List<Map<String, Object>> nodes) {

    public NewWorkflow {
        nodes = List.copyOf(nodes);
    }
}
