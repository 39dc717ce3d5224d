package io.agentsconformance.server.engine;

/** The run's status does not allow the operation (a 409 for the client). */
public final class RunStateConflict extends RuntimeException {
    RunStateConflict(String message) {
        super(message, null, false, false);
    }
}
