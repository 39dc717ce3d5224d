package io.agentsconformance.server.model;

import java.util.List;

/** An agent profile; built-in profiles have no owner and are visible to every user. */
public record AgentProfile(String id, String owner, String name, String description, List<String> capabilities,
        String instructions) {

    public boolean builtIn() {
        return owner == null;
    }
}
