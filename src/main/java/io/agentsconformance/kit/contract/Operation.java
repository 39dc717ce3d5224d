package io.agentsconformance.kit.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of the contract: a method on a path template, and the answers it documents.
 *
 * @param method      upper case, e.g. {@code GET}
 * @param path        the template as the document writes it, e.g. {@code /api/projects/{projectId}}
 * @param operationId how the document names it, for messages; the method and path when it has none
 * @param responses   by status key as written: {@code 200}, {@code 4XX}, {@code default}
 */
public record Operation(String method, String path, String operationId, Map<String, DocumentedResponse> responses) {

    /** What the operation documents for one status: the media types it may carry, each with its schema, if any. */
    public record DocumentedResponse(String statusKey, Map<String, Optional<CompiledSchema>> content) {

        /** A response documented without content has no body at all (a 204, say). */
        public boolean hasBody() {
            return !content.isEmpty();
        }
    }

    /**
     * The documented answer for {@code status}: the exact code first, then its range ({@code 4XX}),
     * then {@code default}, the precedence OpenAPI gives them.
     */
    public Optional<DocumentedResponse> response(int status) {
        String exact = String.valueOf(status);
        DocumentedResponse found = responses.get(exact);
        if (found == null) {
            found = responses.get(exact.charAt(0) + "XX");
        }
        if (found == null) {
            found = responses.get("default");
        }
        return Optional.ofNullable(found);
    }

    /** The statuses it documents, in the document's order, for messages. */
    public List<String> documentedStatuses() {
        return List.copyOf(responses.keySet());
    }

    /** {@code GET /api/projects/{projectId} (getProject)}. */
    public String describe() {
        return method + " " + path + (operationId.isEmpty() ? "" : " (" + operationId + ")");
    }

    /**
     * Whether a request path (still percent-encoded, so that an encoded slash stays inside its
     * segment) fits the template: same number of segments, literal segments equal, and every
     * template parameter filled by a non-empty segment.
     */
    boolean matches(List<String> requestSegments) {
        List<String> template = segments(path);
        if (template.size() != requestSegments.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String actual = requestSegments.get(i);
            if (isParameter(expected) ? actual.isEmpty() : !expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How literal the template is, segment by segment: where two templates fit one path
     * ({@code /a/{x}} and {@code /a/b}), OpenAPI says the concrete one wins.
     */
    int literalness() {
        int score = 0;
        for (String segment : segments(path)) {
            score = score * 2 + (isParameter(segment) ? 0 : 1);
        }
        return score;
    }

    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    static String normalMethod(String method) {
        return method.toUpperCase(Locale.ROOT);
    }
}
