package io.agentsconformance.server;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers the contract allows beside the one it prefers (spec/README.md, "For vendors"). The
 * reference server gives the preferred answers; each of these switches makes it give the other
 * one, so that the conformance suite can be run against a server that made every other free
 * choice, and shown to accept it. None of them is a defect: all are conformant.
 */
public enum Alternative {
    MALFORMED_IDS_400("malformed-ids-400", "400 instead of 404 for a path id that is not well-formed (SEC-04)"),
    PROBLEM_EXTENSIONS("problem-extensions", "problem documents carry a per-request traceId and the instance (SEC-02)"),
    WHOLE_SECOND_TIMESTAMPS("whole-second-timestamps", "timestamps written without a fraction of a second"),
    NO_PROGRESS_NOTES("no-progress-notes", "node states carry no progress notes (API-5.1)"),
    REWORDED_DETAILS("reworded-details", "other wording around the words a refusal must contain (API-2.5, API-7.5)"),
    WORKFLOW_NOT_FOUND_400("workflow-not-found-400", "400 instead of 404 for a run of a missing workflow (API-2.3)"),
    EMPTY_QUERY_ALLOWED("empty-query-allowed", "a run with an empty inputQuery is accepted (API-2.5)"),
    MESSAGE_REFUSED_400("message-refused-400", "400 instead of 409 for a message to a CANCELLED or FAILED run (API-7.4)"),
    CANCEL_REFUSED_400("cancel-refused-400", "400 instead of 409 for a cancel of a COMPLETED or FAILED run (API-8.3)"),
    CANCEL_CANCELLED_400("cancel-cancelled-400", "400 instead of 200 for a cancel of a CANCELLED run (API-8.4)"),
    REFUSE_H2C_UPGRADE("refuse-h2c-upgrade", "400 for a request offering Upgrade: h2c, as servers with their own upgrade handler do"),
    EARLY_413_CLOSE("early-413-close", "a body declared over the limit is answered 413 and the connection closed without reading the body (SEC-04)");

    public final String wireName;
    public final String help;

    Alternative(String wireName, String help) {
        this.wireName = wireName;
        this.help = help;
    }

    public static String names() {
        return Arrays.stream(values()).map(a -> a.wireName).collect(Collectors.joining(", "));
    }

    /** {@code none}, {@code all}, or a comma-separated list of names. */
    static Set<Alternative> parse(String spec) {
        String trimmed = spec.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("none")) {
            return EnumSet.noneOf(Alternative.class);
        }
        if (trimmed.equals("all")) {
            return EnumSet.allOf(Alternative.class);
        }
        Set<Alternative> chosen = EnumSet.noneOf(Alternative.class);
        for (String name : trimmed.split(",")) {
            String wanted = name.trim();
            chosen.add(Arrays.stream(values()).filter(a -> a.wireName.equals(wanted)).findFirst()
                    .orElseThrow(() -> new ServerConfig.InvalidOption("--alternatives has '" + wanted
                            + "': give none, all, or a comma-separated list of " + names())));
        }
        return chosen;
    }
}
