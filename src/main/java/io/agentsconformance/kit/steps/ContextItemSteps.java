package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;

import io.cucumber.java.en.Given;

/** Context items: documents a run or a message hands to the agents. */
public final class ContextItemSteps {

    private final Created created;
    private final Fixtures fixtures;

    public ContextItemSteps(Created created, Fixtures fixtures) {
        this.created = created;
        this.fixtures = fixtures;
    }

    @Given("{actor} has a context item {string} saying {string}")
    public void hasAContextItem(Actor actor, String name, String content) {
        fixtures.createContextItem(created.project(), name, content);
    }
}
