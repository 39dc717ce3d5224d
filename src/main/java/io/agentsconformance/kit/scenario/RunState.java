package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.fixtures.Fixtures;

import java.util.Arrays;

/** The states a scenario can ask a run to be put in, and how the kit gets it there. */
public enum RunState {
    COMPLETED("completed", "COMPLETED", Fixtures.Behaviour.ANSWERS),
    FAILED("failed", "FAILED", Fixtures.Behaviour.KEEPS_FAILING),
    CANCELLED("was cancelled", "CANCELLED", Fixtures.Behaviour.TAKES_ITS_TIME),
    RUNNING("is still running", "RUNNING", Fixtures.Behaviour.TAKES_ITS_TIME),
    PENDING("is waiting for its turn", "PENDING", Fixtures.Behaviour.TAKES_ITS_TIME);

    private final String words;
    private final String status;
    private final Fixtures.Behaviour behaviour;

    RunState(String words, String status, Fixtures.Behaviour behaviour) {
        this.words = words;
        this.status = status;
        this.behaviour = behaviour;
    }

    public static RunState fromWords(String words) {
        return Arrays.stream(values()).filter(s -> s.words.equals(words)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run state '" + words + "'"));
    }

    /** The API status of a run in this state. */
    public String status() {
        return status;
    }

    /** How the model of a workflow made for this state behaves. */
    public Fixtures.Behaviour behaviour() {
        return behaviour;
    }
}
