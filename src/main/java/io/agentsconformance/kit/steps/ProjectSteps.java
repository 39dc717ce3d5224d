package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Actor;

import io.cucumber.java.en.Given;

/** Projects: every scenario works in projects of its own. */
public final class ProjectSteps {

    /** What a project gets when the scenario does not care (the contract's default). */
    static final int DEFAULT_CONCURRENCY = 4;

    private final Fixtures fixtures;

    public ProjectSteps(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    @Given("{actor} has a project")
    public void hasAProject(Actor actor) {
        fixtures.createProject(actor, "main", DEFAULT_CONCURRENCY);
    }

    @Given("{actor} has a project that runs one run at a time")
    public void hasAProjectRunningOneRunAtATime(Actor actor) {
        fixtures.createProject(actor, "main", 1);
    }

    @Given("{actor} has a second project")
    public void hasASecondProject(Actor actor) {
        fixtures.createProject(actor, "second", DEFAULT_CONCURRENCY);
    }
}
