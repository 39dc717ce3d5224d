package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;

import io.agentsconformance.kit.api.Call;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;

import io.agentsconformance.kit.standin.Answer;

import java.util.List;
import java.util.Map;

/** Workflows: of one agent or several, with or without tools, and how each model behaves. */
public final class WorkflowSteps {

    private final Scene scene;
    private final Created created;
    private final Fixtures fixtures;

    public WorkflowSteps(Scene scene, Created created, Fixtures fixtures) {
        this.scene = scene;
        this.created = created;
        this.fixtures = fixtures;
    }

    /** A workflow of one agent whose model answers are scripted by the model steps. */
    @Given("{actor} has a workflow {string} with a(n) {word} agent")
    public void workflowWithAnAgent(Actor actor, String name, String agent) {
        fixtures.createWorkflow(created.project(), name, List.of(fixtures.agentNode(created.project(), agent)));
    }

    @Given("{actor} has a workflow {string} whose agent answers {string}")
    public void workflowThatAnswers(Actor actor, String name, String answer) {
        fixtures.oneAgentWorkflow(created.project(), name, Fixtures.Behaviour.ANSWERS, answer);
    }

    /** Still at work while a run beside it fails (FAIL-10). */
    @Given("{actor} has a workflow {string} whose agent answers {string} after {int} ms")
    public void workflowThatAnswersLate(Actor actor, String name, String answer, int delayMs) {
        String node = Fixtures.nodeId(name);
        fixtures.scriptModel(created.project(), node,
                List.of(Answer.text(answer).after(java.time.Duration.ofMillis(delayMs))));
        fixtures.createWorkflow(created.project(), name, List.of(fixtures.agentNode(created.project(), node)));
    }

    @Given("{actor} has a workflow {string} whose agent takes its time to answer")
    public void workflowThatTakesItsTime(Actor actor, String name) {
        fixtures.oneAgentWorkflow(created.project(), name, Fixtures.Behaviour.TAKES_ITS_TIME, "Done at last");
    }

    @Given("{actor} has a workflow {string} whose model keeps failing")
    public void workflowWhoseModelKeepsFailing(Actor actor, String name) {
        fixtures.oneAgentWorkflow(created.project(), name, Fixtures.Behaviour.KEEPS_FAILING, null);
    }

    @Given("{actor} has a workflow {string} whose agent consults the {string} tool {int} times before answering")
    public void workflowThatConsultsATool(Actor actor, String name, String tool, int times) {
        fixtures.toolWorkflow(created.project(), name, tool, times, "Done after " + times + " " + tool + " calls");
    }

    @Given("{actor} has a workflow {string} where a(n) {word} agent hands over to a(n) {word} agent")
    public void workflowOfTwoAgents(Actor actor, String name, String first, String second) {
        Map<String, Object> firstNode = fixtures.agentNode(created.project(), first);
        Map<String, Object> secondNode = fixtures.agentNode(created.project(), second);
        secondNode.put("dependsOn", List.of(first));
        fixtures.scriptModel(created.project(), first, List.of(Answer.text("Notes of the " + first + " agent")));
        fixtures.scriptModel(created.project(), second, List.of(Answer.text("Conclusion of the " + second + " agent")));
        fixtures.createWorkflow(created.project(), name, List.of(firstNode, secondNode));
    }

    @Given("{actor} has a workflow {string} where a(n) {word} and a(n) {word} agent each consult a tool {int} times, then a(n) {word} agent answers")
    public void workflowOfTwoBranches(Actor actor, String name, String left, String right, int times, String last) {
        Map<String, Object> leftNode = fixtures.toolUsingNode(created.project(), left, left + "-data", times);
        Map<String, Object> rightNode = fixtures.toolUsingNode(created.project(), right, right + "-data", times);
        Map<String, Object> lastNode = fixtures.agentNode(created.project(), last);
        lastNode.put("dependsOn", List.of(left, right));
        fixtures.scriptModel(created.project(), left, Fixtures.consultations(left, left + "-data", times, left + " done"));
        fixtures.scriptModel(created.project(), right, Fixtures.consultations(right, right + "-data", times, right + " done"));
        fixtures.scriptModel(created.project(), last, List.of(Answer.text("Both branches agree")));
        fixtures.createWorkflow(created.project(), name, List.of(leftNode, rightNode, lastNode));
    }

    // --- what agents are given and which model they ask (WF-02, WF-05, MA-01, MA-03 to MA-06)

    /** The model asks for one call of {@code tool} with {@code {"query": lookup}}, then answers. */
    @Given("{actor} has a workflow {string} whose {word} agent looks up {string} with the {string} tool")
    public void workflowThatLooksUp(Actor actor, String name, String agent, String lookup, String tool) {
        Map<String, Object> node = fixtures.toolUsingNode(created.project(), agent, tool, 1);
        fixtures.scriptModel(created.project(), agent, List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", lookup)))),
                Answer.text("Analysis of " + lookup + " done")));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    @Given("{actor} has a workflow {string} whose {word} agent, instructed {string}, looks up {string} with the {string} tool")
    public void workflowWithInstructions(Actor actor, String name, String agent, String instructions, String lookup,
            String tool) {
        Map<String, Object> node = fixtures.toolUsingNode(created.project(), agent, tool, 1);
        node.put("instructions", instructions);
        fixtures.scriptModel(created.project(), agent, List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", lookup)))),
                Answer.text("Analysis of " + lookup + " done")));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    /** WF-04: a node that may ask the user; its model asks once, then answers (spec/llm-and-tools.md, "Asking the user"). */
    @Given("{actor} has a workflow {string} whose {word} agent asks the user {string} before answering {string}")
    public void workflowThatAsksTheUser(Actor actor, String name, String agent, String question, String answer) {
        Map<String, Object> node = fixtures.agentNode(created.project(), agent);
        node.put("askUser", true);
        fixtures.scriptModel(created.project(), agent, List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall(ClarificationSteps.ASK_USER, Map.of("question", question)))),
                Answer.text(answer)));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    /** API-8.1: the tool takes the call and never answers; only the target's cancel ends that call. */
    @Given("{actor} has a workflow {string} whose agent calls a tool that never answers")
    public void workflowWithAToolThatNeverAnswers(Actor actor, String name) {
        String node = Fixtures.nodeId(name);
        Map<String, Object> tool = new java.util.HashMap<>(fixtures.toolDefinition(created.project(), HELD_TOOL));
        tool.put("url", scene.standIns().heldToolUrl(created.project().id(), HELD_TOOL));
        Map<String, Object> nodeSpec = fixtures.agentNode(created.project(), node);
        nodeSpec.put("tools", List.of(tool));
        nodeSpec.put("maxAttempts", 1);
        fixtures.scriptModel(created.project(), node, List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall(HELD_TOOL, Map.of("query", "everything")))),
                Answer.text("Archived")));
        fixtures.createWorkflow(created.project(), name, List.of(nodeSpec));
    }

    static final String HELD_TOOL = "archive";

    /** The node has the "revenue" tool; the call it is asked to make is one it cannot. */
    @Given("{actor} has a workflow {string} whose {word} agent makes {badCall}, then answers {string}")
    public void workflowWithABadCall(Actor actor, String name, String agent, Answer.ToolCall call, String answer) {
        Map<String, Object> node = fixtures.toolUsingNode(created.project(), agent, "revenue", 1);
        fixtures.scriptModel(created.project(), agent, List.of(Answer.toolCalls(List.of(call)), Answer.text(answer)));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    @Given("{actor} has a workflow {string} whose {word} agent may make {int} model calls, and its model asks for the {string} tool every time")
    public void workflowThatLoops(Actor actor, String name, String agent, int maxModelCalls, String tool) {
        Map<String, Object> node = fixtures.toolUsingNode(created.project(), agent, tool, 1);
        node.put("maxModelCalls", maxModelCalls);
        fixtures.scriptModel(created.project(), agent, List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", "more"))))));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    @Given("{actor} has a workflow {string} where a(n) {word} and a(n) {word} agent both answer last")
    public void workflowWithTwoFinalNodes(Actor actor, String name, String left, String right) {
        List<Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (String agent : List.of(left, right)) {
            nodes.add(fixtures.agentNode(created.project(), agent));
            fixtures.scriptModel(created.project(), agent, List.of(Answer.text("Answer of the " + agent + " agent")));
        }
        fixtures.createWorkflow(created.project(), name, nodes);
    }

    @Given("{actor} has a workflow {string} whose {word} agent uses the model {string}")
    public void workflowWithModel(Actor actor, String name, String agent, String model) {
        Map<String, Object> node = fixtures.agentNode(created.project(), agent);
        node.put("model", model);
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    /** The first agent's answer comes {@code delayMs} late: its dependant must wait for it. */
    @Given("{actor} has a workflow {string} where a(n) {word} agent, taking {int} ms to answer, hands over to a(n) {word} agent")
    public void workflowOfTwoAgentsOneSlow(Actor actor, String name, String first, int delayMs, String second) {
        workflowOfTwoAgents(actor, name, first, second);
        fixtures.scriptModel(created.project(), first, List.of(
                Answer.text("Notes of the " + first + " agent").after(java.time.Duration.ofMillis(delayMs))));
    }

    /** Two independent agents, each held until the scenario lets it answer, then one that needs both. */
    @Given("{actor} has a workflow {string} where a(n) {word} and a(n) {word} agent work side by side, then a(n) {word} agent answers")
    public void workflowSideBySide(Actor actor, String name, String left, String right, String last) {
        java.time.Duration hold = scene.config().runTimeout().multipliedBy(2);
        List<Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (String agent : List.of(left, right)) {
            Map<String, Object> node = fixtures.agentNode(created.project(), agent);
            node.put("timeoutMs", Math.min(600_000, hold.multipliedBy(2).toMillis()));
            fixtures.scriptModel(created.project(), agent, List.of(Answer.heldUntilReleased(scene.gate(agent), hold,
                    Answer.text("Report of the " + agent + " agent"))));
            nodes.add(node);
        }
        Map<String, Object> lastNode = fixtures.agentNode(created.project(), last);
        lastNode.put("dependsOn", List.of(left, right));
        fixtures.scriptModel(created.project(), last, List.of(Answer.text("Summary of both")));
        nodes.add(lastNode);
        fixtures.createWorkflow(created.project(), name, nodes);
    }

    /** MA-01's graph: triage first, two specialists on its output, a supervisor on theirs. */
    @Given("{actor} has a workflow {string} where a(n) {word} agent routes to a(n) {word} and a(n) {word} agent, and a(n) {word} agent synthesises")
    public void workflowWithSupervisor(Actor actor, String name, String triage, String first, String second,
            String supervisor) {
        Map<String, Object> triageNode = fixtures.agentNode(created.project(), triage);
        fixtures.scriptModel(created.project(), triage, List.of(Answer.text("Route: late trucks in the north")));
        List<Map<String, Object>> nodes = new java.util.ArrayList<>(List.of(triageNode));
        for (String specialist : List.of(first, second)) {
            Map<String, Object> node = fixtures.agentNode(created.project(), specialist);
            node.put("dependsOn", List.of(triage));
            fixtures.scriptModel(created.project(), specialist,
                    List.of(Answer.text("Finding of the " + specialist + " agent")));
            nodes.add(node);
        }
        Map<String, Object> supervisorNode = fixtures.agentNode(created.project(), supervisor);
        supervisorNode.put("dependsOn", List.of(first, second));
        fixtures.scriptModel(created.project(), supervisor, List.of(Answer.text("Plan: reroute the northern trucks")));
        nodes.add(supervisorNode);
        fixtures.createWorkflow(created.project(), name, nodes);
    }

    // --- retry policies, timeouts and fallbacks (spec/llm-and-tools.md, "Failures, retries and timeouts")

    @Given("{actor} has a workflow {string} with a(n) {word} agent allowed {int} attempt(s), {int} ms apart")
    public void workflowWithRetries(Actor actor, String name, String agent, int attempts, int backoffMs) {
        Map<String, Object> node = fixtures.agentNode(created.project(), agent);
        node.put("maxAttempts", attempts);
        node.put("retryBackoffMs", backoffMs);
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    @Given("{actor} has a workflow {string} with a(n) {word} agent allowed {int} attempt(s) of {int} ms each")
    public void workflowWithTimeouts(Actor actor, String name, String agent, int attempts, int timeoutMs) {
        Map<String, Object> node = fixtures.agentNode(created.project(), agent);
        node.put("maxAttempts", attempts);
        node.put("timeoutMs", timeoutMs);
        node.put("retryBackoffMs", 50);
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    /** The tool answers by default; a tool script step may make it fail first. */
    @Given("{actor} has a workflow {string} whose agent consults the {string} tool once, allowed {int} attempts")
    public void workflowWithToolRetries(Actor actor, String name, String tool, int attempts) {
        String node = Fixtures.nodeId(name);
        Map<String, Object> nodeSpec = fixtures.toolUsingNode(created.project(), node, tool, 1);
        nodeSpec.put("maxAttempts", attempts);
        nodeSpec.put("retryBackoffMs", 50);
        fixtures.scriptModel(created.project(), node, Fixtures.consultations(node, tool, 1, "Checked with " + tool));
        fixtures.createWorkflow(created.project(), name, List.of(nodeSpec));
    }

    @Given("{actor} has a workflow {string} whose {word} agent, allowed {int} attempts, falls back to a(n) {word} agent with the model {string}")
    public void workflowWithFallback(Actor actor, String name, String agent, int attempts, String backup, String model) {
        Map<String, Object> node = fixtures.agentNode(created.project(), agent);
        node.put("maxAttempts", attempts);
        node.put("retryBackoffMs", 50);
        node.put("fallback", Map.of("agentId", fixtures.profileFor(created.project().owner(), backup), "model", model));
        fixtures.createWorkflow(created.project(), name, List.of(node));
    }

    /**
     * Two independent nodes: {@code failing} keeps failing (2 attempts, 50 ms apart) while
     * {@code busy} is held in its model call; once let go, {@code busy} would still consult a tool
     * and then answer, so a target that did not stop it shows it in the stand-ins' journal.
     */
    @Given("{actor} has a workflow {string} where a(n) {word} agent fails while a(n) {word} agent is still at work")
    public void workflowWithAFailingBranch(Actor actor, String name, String failing, String busy) {
        Map<String, Object> failingNode = fixtures.agentNode(created.project(), failing);
        failingNode.put("maxAttempts", 2);
        failingNode.put("retryBackoffMs", 50);
        fixtures.scriptModel(created.project(), failing, List.of(Answer.httpStatus(500)));
        String tool = busy + "-notes";
        Map<String, Object> busyNode = fixtures.toolUsingNode(created.project(), busy, tool, 1);
        java.time.Duration hold = scene.config().runTimeout().multipliedBy(2);
        busyNode.put("timeoutMs", Math.min(600_000, hold.multipliedBy(2).toMillis()));
        Answer consult = Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", busy))));
        fixtures.scriptModel(created.project(), busy, List.of(
                Answer.heldUntilReleased(scene.gate(busy), hold, consult), Answer.text(busy + " is done")));
        fixtures.createWorkflow(created.project(), name, List.of(failingNode, busyNode));
    }

    @When("{actor} deletes the workflow {string}")
    public void deletesTheWorkflow(Actor actor, String name) {
        WorkflowRef workflow = created.workflow(name);
        Call call = actor.api().deleteWorkflow(workflow.project().id(), workflow.id());
        scene.expect().status("deleting workflow '" + name + "'", call, 204);
    }
}
