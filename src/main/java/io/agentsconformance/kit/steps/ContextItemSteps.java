package io.agentsconformance.kit.steps;

import io.cucumber.java.en.Given;

/** Context items: documents a run or a message hands to the agents. */
public final class ContextItemSteps {

    private final World world;
    private final Fixtures fixtures;

    public ContextItemSteps(World world, Fixtures fixtures) {
        this.world = world;
        this.fixtures = fixtures;
    }

    @Given("{actor} has a context item {string} saying {string}")
    public void hasAContextItem(World.Actor actor, String name, String content) {
        fixtures.createContextItem(world.project(), name, content);
    }
}
