package io.agentsconformance.kit.setup;

import java.util.List;

/**
 * An agent profile to register ({@code AgentProfileCreate} of spec/openapi.yaml).
 *
 * @param name         e.g. "triage agent"
 * @param description  what the profile is for
 * @param capabilities the profile's capabilities, e.g. ["triage"]
 * @param instructions the system prompt the agent must be given in every model request it makes:
 *                     cases check that the model receives exactly this text
 */
public record NewAgentProfile(String name, String description, List<String> capabilities, String instructions) {

    public NewAgentProfile {
        capabilities = List.copyOf(capabilities);
    }
}
