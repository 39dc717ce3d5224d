package io.agentsconformance.kit.setup;

/**
 * A {@link TargetSetUp} could not create what a scenario needs. The kit reports the scenario
 * <em>not testable</em> with this message as the reason, so it says what could not be set up and
 * why, e.g. "workspaces are limited to 10 concurrent runs; the scenario asked for 100".
 */
public class SetUpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SetUpException(String reason) {
        super(reason);
    }

    public SetUpException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
