package io.agentsconformance.kit.scenario;

import java.util.List;

/** A workflow the scenario created, with its nodes in the order it declared them. */
public record WorkflowRef(String name, String id, ProjectRef project, List<String> nodeIds) {
    public String finalNode() {
        return nodeIds.get(nodeIds.size() - 1);
    }
}
