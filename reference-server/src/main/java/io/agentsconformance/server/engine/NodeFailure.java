package io.agentsconformance.server.engine;

/** A node could not produce its answer; the message becomes the run's {@code error.message}. */
final class NodeFailure extends Exception {
    NodeFailure(String message) {
        super(message, null, false, false);
    }
}
