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

    /** A request of the security features, by the words they use for it (see {@link Requests}). */
    @ParameterType("reads Ada's project|lists Ada's runs|reads Ada's run|starts a run in Ada's project|lists the steps of Ada's run|reads the node states of Ada's run|lists the messages of Ada's run|sends Ada's run a message|cancels Ada's run|lists the agent profiles|reads Ada's agent profile|registers an agent profile|creates a project|creates a workflow in Ada's project|reads Ada's workflow|deletes Ada's workflow|adds a context item to Ada's project|reads Ada's context item")
    public Requests request(String phrase) {
        return Requests.byPhrase(phrase);
    }
}
