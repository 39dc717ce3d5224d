package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.steps.World.Actor;
import io.agentsconformance.kit.steps.World.ContextItemRef;
import io.agentsconformance.kit.steps.World.ProjectRef;
import io.agentsconformance.kit.steps.World.RunRef;
import io.agentsconformance.kit.steps.World.WorkflowRef;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a scenario's world on the target through the front door (the fixture API of
 * spec/openapi.yaml) and scripts the stand-ins to match. Steps say what they need; this class
 * knows which requests and which scripts give it.
 */
public final class Fixtures {

    /** The model name the kit's workflows ask for unless a scenario chooses one. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** How a one-agent workflow's model behaves. */
    public enum Behaviour { ANSWERS, TAKES_ITS_TIME, KEEPS_FAILING }

    private final World world;

    public Fixtures(World world) {
        this.world = world;
    }

    public ProjectRef createProject(Actor owner, String alias, int maxConcurrentRuns) {
        Call call = owner.api().createProject(Map.of(
                "name", world.uniqueName(alias),
                "maxConcurrentRuns", maxConcurrentRuns));
        world.expect().status("creating a project (fixture API)", call, 201);
        ProjectRef ref = new ProjectRef(alias, call.text("$.id"), owner);
        world.addProject(ref);
        return ref;
    }

    /** The agent profile that plays {@code role} for the project's owner, registered on first use. */
    public String profileFor(Actor owner, String role) {
        return world.profiles().computeIfAbsent(owner.name() + "/" + role, key -> {
            Call call = owner.api().createAgentProfile(Map.of(
                    "name", role + " agent",
                    "description", "The " + role + " agent of a conformance scenario.",
                    "capabilities", List.of(role),
                    "instructions", "You are the " + role + " agent."));
            world.expect().status("registering the " + role + " agent profile (fixture API)", call, 201);
            return call.text("$.id");
        });
    }

    /**
     * A workflow of one agent node, named after the workflow, whose model behaves as asked.
     * Its node id is the workflow name in lower case with dashes, e.g. "triage".
     */
    public WorkflowRef oneAgentWorkflow(ProjectRef project, String name, Behaviour behaviour, String answer) {
        String node = nodeId(name);
        Map<String, Object> nodeSpec = agentNode(project, node);
        List<Answer> script = switch (behaviour) {
            case ANSWERS -> List.of(Answer.text(answer));
            case TAKES_ITS_TIME -> {
                Duration hold = world.config().runTimeout().multipliedBy(2);
                // The target must not give up on the held request before the scenario is done with it.
                nodeSpec.put("timeoutMs", Math.min(600_000, hold.multipliedBy(2).toMillis()));
                yield List.of(Answer.heldUntilReleased(world.gate(node), hold, Answer.text(answer)));
            }
            case KEEPS_FAILING -> {
                nodeSpec.put("maxAttempts", 2);
                nodeSpec.put("retryBackoffMs", 50);
                yield List.of(Answer.httpStatus(500));
            }
        };
        scriptModel(project, node, script);
        return createWorkflow(project, name, List.of(nodeSpec));
    }

    /** A workflow node played by the kit's profile for {@code node}, asking the default model. */
    public Map<String, Object> agentNode(ProjectRef project, String node) {
        Map<String, Object> nodeSpec = new LinkedHashMap<>();
        nodeSpec.put("id", node);
        nodeSpec.put("agentId", profileFor(project.owner(), node));
        nodeSpec.put("model", DEFAULT_MODEL);
        return nodeSpec;
    }

    public WorkflowRef createWorkflow(ProjectRef project, String name, List<Map<String, Object>> nodes) {
        Call call = project.owner().api().createWorkflow(project.id(), Map.of(
                "name", world.uniqueName(name),
                "nodes", nodes));
        world.expect().status("creating workflow '" + name + "' (fixture API)", call, 201);
        WorkflowRef ref = new WorkflowRef(name, call.text("$.id"), project,
                nodes.stream().map(n -> (String) n.get("id")).toList());
        world.addWorkflow(ref);
        return ref;
    }

    /** What the model answers the node {@code node} of any run in the project, call after call. */
    public void scriptModel(ProjectRef project, String node, List<Answer> script) {
        world.standIns().scriptModel(world.scenarioKey(), project.id(), node, script);
    }

    public ContextItemRef createContextItem(ProjectRef project, String name, String content) {
        Call call = project.owner().api().createContextItem(project.id(), Map.of("name", name, "content", content));
        world.expect().status("creating context item '" + name + "' (fixture API)", call, 201);
        ContextItemRef ref = new ContextItemRef(name, call.text("$.id"), content);
        world.addContextItem(ref);
        return ref;
    }

    /** Starts a run and insists on 201: for set-up, where a refusal is not what is being tested. */
    public RunRef startRun(String alias, WorkflowRef workflow, String query) {
        Call call = requestRun(workflow, query, List.of());
        world.expect().status("starting run '" + alias + "' of workflow '" + workflow.name() + "'", call, 201);
        RunRef ref = new RunRef(alias, call.text("$.id"), workflow.project(), workflow, query);
        world.addRun(ref);
        return ref;
    }

    /** Asks for a run; the answer is the scenario's to judge. */
    public Call requestRun(WorkflowRef workflow, String query, List<String> contextItemIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workflowId", workflow.id());
        body.put("inputQuery", query);
        if (!contextItemIds.isEmpty()) {
            body.put("contextItemIds", contextItemIds);
        }
        Call call = workflow.project().owner().api().startRun(workflow.project().id(), body);
        world.lastCall(call);
        return call;
    }

    static String nodeId(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
