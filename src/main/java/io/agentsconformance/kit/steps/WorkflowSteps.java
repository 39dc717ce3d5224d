package io.agentsconformance.kit.steps;

import io.cucumber.java.en.Given;

import java.util.List;

/** Workflows of one agent whose model the scenario scripts. */
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
}
