package io.agentsconformance.kit.steps;

import io.cucumber.java.en.Given;

/** Workflows of one agent whose model the scenario scripts. */
public final class WorkflowSteps {

    private final World world;
    private final Fixtures fixtures;

    public WorkflowSteps(World world, Fixtures fixtures) {
        this.world = world;
        this.fixtures = fixtures;
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
