package io.agentsconformance.server.engine;

/**
 * Unwinds a node's work when its run has stopped (cancelled, failed elsewhere, or the server is
 * stopping): there is nothing to record, whoever stopped the run recorded why.
 */
final class RunStopped extends RuntimeException {

    static final RunStopped INSTANCE = new RunStopped();

    private RunStopped() {
        super("run stopped", null, false, false);
    }
}
