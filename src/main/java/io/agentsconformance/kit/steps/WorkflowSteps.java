package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;

import io.agentsconformance.kit.standin.Answer;

import java.util.List;
import java.util.Map;

/** Workflows: of one agent or several, with or without tools, and how each model behaves. */
public final class WorkflowSteps {

    private final World world;
    private final Fixtures fixtures;

    public WorkflowSteps(World world, Fixtures fixtures) {
        this.world = world;
        this.fixtures = fixtures;
    }

    /** A workflow of one agent whose model answers are scripted by the model steps. */
    @Given("{actor} has a workflow {string} with a(n) {word} agent")
    public void workflowWithAnAgent(World.Actor actor, String name, String agent) {
        fixtures.createWorkflow(world.project(), name, List.of(fixtures.agentNode(world.project(), agent)));
    }

    @Given("{actor} has a workflow {string} whose agent answers {string}")
    public void workflowThatAnswers(World.Actor actor, String name, String answer) {
        fixtures.oneAgentWorkflow(world.project(), name, Fixtures.Behaviour.ANSWERS, answer);
    }

    @Given("{actor} has a workflow {string} whose agent takes its time to answer")
    public void workflowThatTakesItsTime(World.Actor actor, String name) {
        fixtures.oneAgentWorkflow(world.project(), name, Fixtures.Behaviour.TAKES_ITS_TIME, "Done at last");
    }

    @Given("{actor} has a workflow {string} whose model keeps failing")
    public void workflowWhoseModelKeepsFailing(World.Actor actor, String name) {
        fixtures.oneAgentWorkflow(world.project(), name, Fixtures.Behaviour.KEEPS_FAILING, null);
    }

    @Given("{actor} has a workflow {string} whose agent consults the {string} tool {int} times before answering")
    public void workflowThatConsultsATool(World.Actor actor, String name, String tool, int times) {
        fixtures.toolWorkflow(world.project(), name, tool, times, "Done after " + times + " " + tool + " calls");
    }

    @Given("{actor} has a workflow {string} where a(n) {word} agent hands over to a(n) {word} agent")
    public void workflowOfTwoAgents(World.Actor actor, String name, String first, String second) {
        Map<String, Object> firstNode = fixtures.agentNode(world.project(), first);
        Map<String, Object> secondNode = fixtures.agentNode(world.project(), second);
        secondNode.put("dependsOn", List.of(first));
        fixtures.scriptModel(world.project(), first, List.of(Answer.text("Notes of the " + first + " agent")));
        fixtures.scriptModel(world.project(), second, List.of(Answer.text("Conclusion of the " + second + " agent")));
        fixtures.createWorkflow(world.project(), name, List.of(firstNode, secondNode));
    }

    @Given("{actor} has a workflow {string} where a(n) {word} and a(n) {word} agent each consult a tool {int} times, then a(n) {word} agent answers")
    public void workflowOfTwoBranches(World.Actor actor, String name, String left, String right, int times, String last) {
        Map<String, Object> leftNode = fixtures.toolUsingNode(world.project(), left, left + "-data", times);
        Map<String, Object> rightNode = fixtures.toolUsingNode(world.project(), right, right + "-data", times);
        Map<String, Object> lastNode = fixtures.agentNode(world.project(), last);
        lastNode.put("dependsOn", List.of(left, right));
        fixtures.scriptModel(world.project(), left, Fixtures.consultations(left, left + "-data", times, left + " done"));
        fixtures.scriptModel(world.project(), right, Fixtures.consultations(right, right + "-data", times, right + " done"));
        fixtures.scriptModel(world.project(), last, List.of(Answer.text("Both branches agree")));
        fixtures.createWorkflow(world.project(), name, List.of(leftNode, rightNode, lastNode));
    }

    @When("{actor} deletes the workflow {string}")
    public void deletesTheWorkflow(World.Actor actor, String name) {
        World.WorkflowRef workflow = world.workflow(name);
        Call call = actor.api().deleteWorkflow(workflow.project().id(), workflow.id());
        world.expect().status("deleting workflow '" + name + "'", call, 204);
    }
}
