package io.agentsconformance.kit.refusal;

import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.ContextItemRef;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Ada can see of her own things, read through the API: her project, its runs with their
 * status, steps and messages, her workflows, context items and agent profiles. Taken before and
 * after a request that must not change anything, the two must be equal.
 */
public final class Footprint {

    /** The names of the agent profiles the refused requests of the security features ask for. */
    public static final java.util.Set<String> REFUSED_PROFILE_NAMES = java.util.Set.of("Intruder", "Big", "Helper", "Nameless");

    private Footprint() {
    }

    public static Map<String, String> of(Scene scene, Cast cast, Created created) {
        Actor ada = cast.actor("Ada");
        AgentsApi api = ada.api();
        Map<String, String> seen = new TreeMap<>();
        for (String projectId : created.projectIds()) {
            Call project = api.getProject(projectId);
            seen.put("project " + projectId, project.status() + " " + project.text("$.name"));
            Call runs = api.listRuns(projectId, Map.of("limit", 100));
            TreeSet<String> ids = new TreeSet<>();
            for (JsonNode run : runs.at("$.items")) {
                String runId = run.path("id").asText();
                ids.add(runId);
                seen.put("run " + runId, run.path("status").asText() + ", finished at " + run.path("finishedAt").asText());
                seen.put("messages of run " + runId, api.listMessages(projectId, runId, Map.of()).text("$.total"));
                seen.put("steps of run " + runId, api.listSteps(projectId, runId, Map.of()).text("$.total"));
            }
            seen.put("runs of project " + projectId, runs.status() + " " + ids);
        }
        for (WorkflowRef workflow : created.workflows()) {
            Call read = api.getWorkflow(workflow.project().id(), workflow.id());
            seen.put("workflow " + workflow.id(), read.status() + " " + (read.status() == 200 ? read.text("$.name") : ""));
        }
        for (ContextItemRef item : created.contextItems()) {
            Call read = api.getContextItem(created.project().id(), item.id());
            seen.put("context item " + item.id(), read.status() + " " + read.text("$.content"));
        }
        // Other scenarios register profiles for Ada at the same time: only those this scenario
        // registered, or that a refused request would have created, are its business.
        TreeSet<String> profiles = new TreeSet<>();
        api.listAgentProfiles().json().forEach(p -> {
            String name = p.path("name").asText();
            if (REFUSED_PROFILE_NAMES.contains(name) || name.contains(scene.uniqueName(""))) {
                profiles.add(p.path("id").asText() + " " + name);
            }
        });
        seen.put("agent profiles of this scenario Ada sees", profiles.toString());
        return seen;
    }

    /** The entries that differ, as "what: before -> after". */
    public static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String was = before.get(key);
            String is = after.get(key);
            if (!java.util.Objects.equals(was, is)) {
                changed.put(key, (was == null ? "(none)" : was) + " -> " + (is == null ? "(none)" : is));
            }
        }
        return changed;
    }
}
