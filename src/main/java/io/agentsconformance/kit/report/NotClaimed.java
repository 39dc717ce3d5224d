package io.agentsconformance.kit.report;

import org.opentest4j.TestAbortedException;

/**
 * A scenario of a case whose capability the target does not declare: not run, reported "not
 * claimed", never failed (spec/README.md, "Version, levels and capabilities").
 */
public final class NotClaimed extends TestAbortedException {

    private final String capability;

    public NotClaimed(String caseId, String capability) {
        super("not claimed: " + caseId + " needs the capability '" + capability
                + "', which the target does not declare (GET /api/health capabilities, or --capabilities)");
        this.capability = capability;
    }

    /** A case the kit cannot play against this target: {@code need} names what is missing, {@code why} says how to give it. */
    public NotClaimed(String caseId, String need, String why) {
        super("not claimed: " + caseId + " needs " + why);
        this.capability = need;
    }

    public String capability() {
        return capability;
    }
}
