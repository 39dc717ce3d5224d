package io.agentsconformance.kit.report;

import org.opentest4j.TestAbortedException;

/**
 * The kit could not set a scenario up, so it says nothing of the target's behaviour there:
 * reported "not testable" with the reason, never failed and never passed.
 */
public final class NotTestable extends TestAbortedException {

    public NotTestable(String reason) {
        super("not testable: " + reason);
    }

    /** @param cause what stopped the set-up, kept for the kit's log */
    public NotTestable(String reason, Throwable cause) {
        super("not testable: " + reason, cause);
    }
}
