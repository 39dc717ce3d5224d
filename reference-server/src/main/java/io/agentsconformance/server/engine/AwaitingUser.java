package io.agentsconformance.server.engine;

import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.Step;

/**
 * A node's model called {@code ask_user} (spec/llm-and-tools.md, "Asking the user"): its turn stops
 * here, with no thread held, and {@link NodeRunner#resumeTurn} takes it up when the user answers.
 */
final class AwaitingUser extends Exception {

    private final transient NodeRunner.Turn turn;
    private final transient Step step;
    private final transient Run.Question question;

    AwaitingUser(NodeRunner.Turn turn, Step step, Run.Question question) {
        super("waiting for the user to answer " + question.toolCallId(), null, false, false);
        this.turn = turn;
        this.step = step;
        this.question = question;
    }

    /** Where the turn stands: resumed from here. */
    NodeRunner.Turn turn() {
        return turn;
    }

    /** The question's TOOL step, RUNNING until the answer arrives. */
    Step step() {
        return step;
    }

    Run.Question question() {
        return question;
    }
}
