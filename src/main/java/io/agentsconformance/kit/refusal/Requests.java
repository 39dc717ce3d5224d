package io.agentsconformance.kit.refusal;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Exchanges;

import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The requests the security features name ("reads Ada's run", "cancels Ada's run", ...), each a
 * valid request in itself, so that the only reason to refuse it is who sends it. They are sent
 * against a set of {@link Targets}: Ada's real ids, or invented ones to compare with.
 */
public enum Requests {
    READ_PROJECT("reads Ada's project", (api, t) -> api.getProject(t.projectId())),
    LIST_RUNS("lists Ada's runs", (api, t) -> api.listRuns(t.projectId(), Map.of())),
    READ_RUN("reads Ada's run", (api, t) -> api.getRun(t.projectId(), t.runId())),
    START_RUN("starts a run in Ada's project", (api, t) -> api.startRun(t.projectId(),
            Map.of("workflowId", t.workflowId(), "inputQuery", "Let me in"))),
    LIST_STEPS("lists the steps of Ada's run", (api, t) -> api.listSteps(t.projectId(), t.runId(), Map.of())),
    READ_NODE_STATES("reads the node states of Ada's run", (api, t) -> api.listNodeStates(t.projectId(), t.runId())),
    LIST_MESSAGES("lists the messages of Ada's run", (api, t) -> api.listMessages(t.projectId(), t.runId(), Map.of())),
    APPEND_MESSAGE("sends Ada's run a message", (api, t) -> api.appendMessage(t.projectId(), t.runId(),
            Map.of("content", "Let me in"))),
    CANCEL_RUN("cancels Ada's run", (api, t) -> api.cancelRun(t.projectId(), t.runId())),
    LIST_PROFILES("lists the agent profiles", (api, t) -> api.listAgentProfiles()),
    READ_PROFILE("reads Ada's agent profile", (api, t) -> api.getAgentProfile(t.profileId())),
    REGISTER_PROFILE("registers an agent profile", (api, t) -> api.createAgentProfile(Map.of(
            "name", "Intruder", "description", "Should not exist", "capabilities", List.of("intrusion")))),
    CREATE_PROJECT("creates a project", (api, t) -> api.createProject(Map.of("name", "Intruder's project"))),
    CREATE_WORKFLOW("creates a workflow in Ada's project", (api, t) -> api.createWorkflow(t.projectId(), Map.of(
            "name", "Intruder's workflow",
            "nodes", List.of(Map.of("id", "intruder", "agentId", t.senderProfileId(), "model", Fixtures.DEFAULT_MODEL))))),
    READ_WORKFLOW("reads Ada's workflow", (api, t) -> api.getWorkflow(t.projectId(), t.workflowId())),
    DELETE_WORKFLOW("deletes Ada's workflow", (api, t) -> api.deleteWorkflow(t.projectId(), t.workflowId())),
    ADD_CONTEXT_ITEM("adds a context item to Ada's project", (api, t) -> api.createContextItem(t.projectId(),
            Map.of("name", "Planted", "content", "Should not exist"))),
    READ_CONTEXT_ITEM("reads Ada's context item", (api, t) -> api.getContextItem(t.projectId(), t.contextItemId()));

    /**
     * The ids a request is aimed at; {@code senderProfileId} is an agent profile the sender may
     * use, for the requests that need one of their own.
     */
    public record Targets(String projectId, String runId, String workflowId, String profileId, String contextItemId,
                   String senderProfileId) {

        /** The same targets with every one of Ada's ids replaced by one that does not exist. */
        public Targets invented(Exchanges exchanges) {
            return new Targets(exchanges.inventId("proj"), exchanges.inventId("run"), exchanges.inventId("wf"),
                    exchanges.inventId("agent"), exchanges.inventId("ctx"), senderProfileId);
        }

        /** Ada's ids, which must not show in what another user is told. */
        public Map<String, String> adaIds() {
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("project", projectId);
            ids.put("run", runId);
            ids.put("workflow", workflowId);
            ids.put("agent profile", profileId);
            ids.put("context item", contextItemId);
            return ids;
        }
    }

    private final String phrase;
    private final BiFunction<AgentsApi, Targets, Call> send;

    Requests(String phrase, BiFunction<AgentsApi, Targets, Call> send) {
        this.phrase = phrase;
        this.send = send;
    }

    public String phrase() {
        return phrase;
    }

    public Call send(AgentsApi api, Targets targets) {
        return send.apply(api, targets);
    }

    public static Requests byPhrase(String phrase) {
        return Arrays.stream(values()).filter(r -> r.phrase.equals(phrase)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the kit knows no request '" + phrase + "'; it knows "
                        + Arrays.stream(values()).map(r -> "'" + r.phrase + "'").toList()));
    }
}
