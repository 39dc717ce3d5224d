package io.agentsconformance.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The kit's assertions. Every failure reads the same way, so a report is quick to scan:
 *
 * <pre>
 * [API-3.2] status of reading a run that does not exist: expected 404, got 200
 *   GET /api/projects/proj_1/agent-runs/run_nope answered 200 {...}
 * </pre>
 *
 * the case, what was checked, the expected value first, what came back, and the exchange that
 * shows it.
 */
public final class Expect {

    private final String cases;

    public Expect(Collection<String> caseIds) {
        this.cases = caseIds.isEmpty() ? "[no case]" : "[" + String.join(", ", caseIds) + "]";
    }

    /** {@code actual} equals {@code expected}. */
    public void equal(String what, Object expected, Object actual, Call evidence) {
        if (!Objects.equals(expected, actual)) {
            throw failure(what, quote(expected), actual, evidence);
        }
    }

    /** {@code actual} equals {@code expected}; the evidence is not a single exchange (a stream transcript). */
    public void equalSeen(String what, Object expected, Object actual, String evidence) {
        if (!Objects.equals(expected, actual)) {
            throw failure(what, quote(expected), actual, evidence);
        }
    }

    /** A condition holds; the evidence is not a single exchange (a stream transcript). */
    public void thatSeen(boolean holds, String what, String expected, Object actual, String evidence) {
        if (!holds) {
            throw failure(what, expected, actual, evidence);
        }
    }

    /** A condition holds; {@code expected} says in words what was wanted. */
    public void that(boolean holds, String what, String expected, Object actual, Call evidence) {
        if (!holds) {
            throw failure(what, expected, actual, evidence);
        }
    }

    /** The answer's status is one of {@code acceptable}. */
    public void status(String what, Call call, int... acceptable) {
        boolean ok = Arrays.stream(acceptable).anyMatch(s -> s == call.status());
        if (!ok) {
            String expected = acceptable.length == 1 ? String.valueOf(acceptable[0])
                    : Arrays.stream(acceptable).mapToObj(String::valueOf).collect(Collectors.joining(" or "));
            throw failure("status of " + what, expected, call.status(), call);
        }
    }

    /** A field of a JSON answer, named by its path, has the expected text value. */
    public void field(Call call, String path, Object expected) {
        JsonNode node = call.at(path);
        Object actual = node.isMissingNode() ? "(missing)" : node.isNull() ? null : node.asText();
        if (!Objects.equals(expected == null ? null : String.valueOf(expected), actual)) {
            throw failure(path, quote(expected), actual, call);
        }
    }

    /** A field is present in the answer (it may be null when the schema allows it). */
    public void present(Call call, String path) {
        if (call.at(path).isMissingNode()) {
            throw failure(path, "present", "missing", call);
        }
    }

    /** A field is present and neither null nor empty. */
    public void filled(Call call, String path) {
        JsonNode node = call.at(path);
        boolean filled = !node.isMissingNode() && !node.isNull() && !(node.isTextual() && node.asText().isBlank());
        if (!filled) {
            throw failure(path, "a value", node.isMissingNode() ? "missing" : node.toString(), call);
        }
    }

    public AssertionError failure(String what, String expected, Object actual, Call evidence) {
        return new AssertionError(cases + " " + what + ": expected " + expected + ", got " + quote(actual)
                + (evidence == null ? "" : "\n  " + evidence.describe()));
    }

    /** A failure whose evidence is not a single exchange (a wait, a journal). */
    public AssertionError failure(String what, String expected, Object actual, String evidence) {
        return new AssertionError(cases + " " + what + ": expected " + expected + ", got " + quote(actual)
                + (evidence == null || evidence.isBlank() ? "" : "\n  " + evidence));
    }

    /**
     * A failure with several findings about one exchange, one per line: every place where an
     * answer departs from the written contract, say, so that one run shows them all.
     */
    public AssertionError findings(String what, String expected, String actual, List<?> findings, Call evidence) {
        StringBuilder message = new StringBuilder(cases).append(' ').append(what)
                .append(": expected ").append(expected).append(", got ").append(actual);
        findings.forEach(f -> message.append("\n  - ").append(f));
        if (evidence != null) {
            message.append("\n  ").append(evidence.describe());
        }
        return new AssertionError(message.toString());
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
