package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.setup.FixtureApiSetUp;
import io.agentsconformance.kit.setup.NewAgentProfile;
import io.agentsconformance.kit.setup.NewContextItem;
import io.agentsconformance.kit.setup.NewProject;
import io.agentsconformance.kit.setup.NewWorkflow;
import io.agentsconformance.kit.setup.SetUpException;
import io.agentsconformance.kit.setup.SetUps;
import io.agentsconformance.kit.setup.TargetSetUp;
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
import java.util.function.Function;

/**
 * Builds a scenario's world on the target and scripts the stand-ins to match. Steps say what they
 * need; this class knows which fixtures and which scripts give it. The fixtures themselves are made
 * by the configured set-up ({@link TargetSetUp}): the fixture API of spec/openapi.yaml unless a
 * vendor's adapter is selected; runs are always started through the Agents API.
 */
public final class Fixtures {

    /** The model name the kit's workflows ask for unless a scenario chooses one. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    /** The contract's default for a node's maxModelCalls (spec/openapi.yaml WorkflowNode). */
    static final int DEFAULT_MAX_MODEL_CALLS = 50;
    /** The tool an agent that takes its time consults once it is allowed to go on. */
    static final String NOTES_TOOL = "notes";

    /** How a one-agent workflow's model behaves. */
    public enum Behaviour { ANSWERS, TAKES_ITS_TIME, KEEPS_FAILING }

    private final World world;

    public Fixtures(World world) {
        this.world = world;
    }

    public ProjectRef createProject(Actor owner, String alias, int maxConcurrentRuns) {
        String id = setUp("project '" + alias + "'", setUp -> setUp.createProject(world.setUpContext(owner),
                new NewProject(alias, world.uniqueName(alias), maxConcurrentRuns)));
        ProjectRef ref = new ProjectRef(alias, id, owner);
        world.addProject(ref);
        return ref;
    }

    /** The instructions of the kit's profile for {@code role}. */
    public static String instructionsOf(String role) {
        return "You are the " + role + " agent.";
    }

    /** The agent profile that plays {@code role} for the project's owner, registered on first use. */
    public String profileFor(Actor owner, String role) {
        return world.profiles().computeIfAbsent(owner.name() + "/" + role, key -> setUp(
                "the " + role + " agent profile", setUp -> setUp.createAgentProfile(world.setUpContext(owner),
                        new NewAgentProfile(role + " agent", "The " + role + " agent of a conformance scenario.",
                                List.of(role), instructionsOf(role)))));
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
                // Once released, the agent still has work to do (a tool call, another model call):
                // a run that ignored a cancel would show it in the stand-ins' journal (API-8.1).
                nodeSpec.put("tools", List.of(toolDefinition(project, NOTES_TOOL)));
                scriptTool(project, NOTES_TOOL, List.of(Answer.json("{\"notes\": \"nothing new\"}")));
                Answer takeNotes = Answer.toolCalls(List.of(new Answer.ToolCall(NOTES_TOOL, Map.of("query", node))));
                yield List.of(Answer.heldUntilReleased(world.gate(node), hold, takeNotes), Answer.text(answer));
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

    /**
     * A workflow of one agent node that asks the model, which asks for {@code tool} {@code times}
     * times, one call per answer, before it answers {@code answer}. Every such run makes
     * {@code 2 * times + 1} steps and {@code 2 * times + 2} messages (query, calls, results, answer).
     */
    public WorkflowRef toolWorkflow(ProjectRef project, String name, String tool, int times, String answer) {
        String node = nodeId(name);
        Map<String, Object> nodeSpec = toolUsingNode(project, node, tool, times);
        scriptModel(project, node, consultations(node, tool, times, answer));
        return createWorkflow(project, name, List.of(nodeSpec));
    }

    /** A node that may call {@code tool} and is allowed enough model calls to do it {@code times} times. */
    public Map<String, Object> toolUsingNode(ProjectRef project, String node, String tool, int times) {
        Map<String, Object> nodeSpec = agentNode(project, node);
        nodeSpec.put("tools", List.of(toolDefinition(project, tool)));
        if (times + 1 > DEFAULT_MAX_MODEL_CALLS) {
            nodeSpec.put("maxModelCalls", times + 1);
        }
        scriptTool(project, tool, List.of(Answer.json("{\"result\": \"" + tool + " answered\"}")));
        return nodeSpec;
    }

    /** The model's side of a node that consults {@code tool} {@code times} times, then answers. */
    public static List<Answer> consultations(String node, String tool, int times, String answer) {
        List<Answer> script = new java.util.ArrayList<>();
        for (int i = 1; i <= times; i++) {
            script.add(Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", node + " question " + i)))));
        }
        script.add(Answer.text(answer));
        return script;
    }

    /** A tool the stand-in plays for this project (spec/llm-and-tools.md: tools are plain HTTP POSTs). */
    public Map<String, Object> toolDefinition(ProjectRef project, String tool) {
        return Map.of(
                "name", tool,
                "description", "The " + tool + " tool of a conformance scenario.",
                "url", world.standIns().toolUrl(project.id(), tool),
                "parameters", Map.of("type", "object",
                        "properties", Map.of("query", Map.of("type", "string")),
                        "required", List.of("query")));
    }

    public void scriptTool(ProjectRef project, String tool, List<Answer> script) {
        world.standIns().scriptTool(world.scenarioKey(), project.id(), tool, script);
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
        String id = setUp("workflow '" + name + "'", setUp -> setUp.createWorkflow(world.setUpContext(project.owner()),
                project.id(), new NewWorkflow(name, world.uniqueName(name), nodes)));
        WorkflowRef ref = new WorkflowRef(name, id, project,
                nodes.stream().map(n -> (String) n.get("id")).toList());
        world.addWorkflow(ref);
        return ref;
    }

    /** What the model answers the node {@code node} of any run in the project, call after call. */
    public void scriptModel(ProjectRef project, String node, List<Answer> script) {
        world.standIns().scriptModel(world.scenarioKey(), project.id(), node, script);
    }

    public ContextItemRef createContextItem(ProjectRef project, String name, String content) {
        String id = setUp("context item '" + name + "'", setUp -> setUp.createContextItem(
                world.setUpContext(project.owner()), project.id(), new NewContextItem(name, content)));
        ContextItemRef ref = new ContextItemRef(name, id, content);
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

    /**
     * {@code what}, created by the configured set-up. A set-up that cannot create it makes the
     * scenario not testable: without it the scenario says nothing about the target.
     */
    private String setUp(String what, Function<TargetSetUp, String> create) {
        TargetSetUp setUp = world.kit().setUp();
        String id;
        try {
            id = create.apply(setUp);
        } catch (SetUpException e) {
            throw SetUps.notTestable(setUp, what, e);
        }
        if (id == null || id.isBlank()) {
            // Every later request would name "null"; the adapter's slip, not the target's.
            throw SetUps.notTestable(setUp, what, new SetUpException("it returned no id for it"));
        }
        if (!(setUp instanceof FixtureApiSetUp)) {
            // The fixture API's requests are in the report already; an adapter's are not, so
            // the report at least says what it made and which id the scenario then used.
            Evidence.text("set-up '" + setUp.name() + "': " + what, what + " was created by the set-up '" + setUp.name()
                    + "' (" + setUp.describe() + "), which gave it the id " + id
                    + ". Its calls are not checked against the contract; every later request through the Agents API is.");
        }
        return id;
    }

    static String nodeId(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
