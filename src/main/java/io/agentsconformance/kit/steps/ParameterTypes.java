package io.agentsconformance.kit.steps;

import io.cucumber.java.ParameterType;

/** The words the Gherkin uses for the kit's domain concepts. */
public final class ParameterTypes {

    private final World world;

    public ParameterTypes(World world) {
        this.world = world;
    }

    /** Ada and Grace, the two users of the target. */
    @ParameterType("Ada|Grace")
    public World.Actor actor(String name) {
        return world.actor(name);
    }

    /** A state a set-up step puts a run in. */
    @ParameterType("completed|failed|was cancelled|is still running|is waiting for its turn")
    public RunState runState(String words) {
        return RunState.fromWords(words);
    }

    /** A run status as the API spells it. */
    @ParameterType("PENDING|RUNNING|COMPLETED|FAILED|CANCELLED")
    public String status(String status) {
        return status;
    }
}
