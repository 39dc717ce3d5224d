package io.agentsconformance.kit.requirements;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the target says it implements (spec/README.md, "Version, levels and capabilities"): its
 * contract version and optional capabilities, from {@code GET /api/health}, unless the kit's user
 * overrides the capabilities.
 *
 * @param source where the capabilities come from, for the report
 */
public record Declaration(String contractVersion, Set<String> capabilities, String source) {

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    /**
     * @param health   the body of the target's health answer
     * @param override the capabilities the kit was told to assume instead, if any
     * @param registry what the kit checks: its version is assumed when the target names none
     */
    public static Declaration of(JsonNode health, Optional<List<String>> override, Requirements registry) {
        String declared = health.path("contractVersion").asText("");
        String version = VERSION.matcher(declared).matches() ? declared : registry.contractVersion();
        if (override.isPresent()) {
            return new Declaration(version, new LinkedHashSet<>(override.get()), "the kit's agents.capabilities");
        }
        Set<String> capabilities = new LinkedHashSet<>();
        health.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return new Declaration(version, capabilities, health.has("capabilities")
                ? "the target's GET /api/health" : "none declared in GET /api/health");
    }

    public boolean claims(String capability) {
        return capability == null || capabilities.contains(capability);
    }

    /** Whether a case counts towards the verdict: the target's version includes it. */
    public boolean scores(Requirements.Requirement requirement) {
        return Requirements.compareVersions(requirement.since(), contractVersion) <= 0;
    }
}
