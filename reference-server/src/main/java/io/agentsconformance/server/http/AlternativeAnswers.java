package io.agentsconformance.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.agentsconformance.server.Alternative;
import io.agentsconformance.server.model.Json;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The answers the contract allows beside the preferred ones (see {@link Alternative}), given by
 * rewriting the preferred answer at the edge of the HTTP layer: the engine and the routes stay as
 * they are, and every alternative is in this one place. Off unless {@code --alternatives} asks.
 */
final class AlternativeAnswers {

    /** spec/README.md, "Identifiers": 1 to 128 of RFC 3986's unreserved characters. */
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Pattern FRACTION = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.\\d+Z$");
    private static final Pattern REQUIRED = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\[\\]]*) is required and must not be blank");
    private static final Pattern RUNS = Pattern.compile("^/api/projects/[^/]+/agent-runs/?$");
    private static final Pattern MESSAGES = Pattern.compile("^/api/projects/[^/]+/agent-runs/[^/]+/messages/?$");
    private static final Pattern CANCEL = Pattern.compile("^/api/projects/[^/]+/agent-runs/[^/]+/cancel/?$");
    private static final Pattern NODE_STATES = Pattern.compile("^/api/projects/[^/]+/agent-runs/[^/]+/node-states/?$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<Alternative> on;

    AlternativeAnswers(Set<Alternative> on) {
        this.on = Set.copyOf(on);
    }

    boolean has(Alternative alternative) {
        return on.contains(alternative);
    }

    /** Before anything else, authentication included. */
    void beforeAll(Context ctx) {
        String upgrade = ctx.header("Upgrade");
        if (has(Alternative.REFUSE_H2C_UPGRADE) && upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("h2c")) {
            throw ApiError.badRequest("This server does not upgrade to HTTP/2 (Upgrade: " + upgrade + ")");
        }
    }

    /** After authentication, before the route: an id that is not well-formed names nothing, and is refused as such. */
    void beforeRoute(Context ctx) {
        if (!has(Alternative.MALFORMED_IDS_400)) {
            return;
        }
        for (String id : pathIds(ctx.req().getRequestURI())) {
            if (!WELL_FORMED_ID.matcher(id).matches()) {
                throw ApiError.badRequest("Malformed id in the path: an id is 1 to 128 characters from A-Z a-z 0-9 - _ . ~");
            }
        }
    }

    /** The ids of an API path, read from the raw URI so that an encoded slash stays in its id. */
    static List<String> pathIds(String rawPath) {
        String[] parts = rawPath.split("/", -1);
        List<String> ids = new java.util.ArrayList<>();
        // /api/projects/{p}[/agent-runs|workflows|context-items/{id}[...]] and /api/agents/profiles/{id}
        if (parts.length > 3 && "api".equals(parts[1]) && "projects".equals(parts[2])) {
            ids.add(decode(parts[3]));
            if (parts.length > 5 && Set.of("agent-runs", "workflows", "context-items").contains(parts[4])) {
                ids.add(decode(parts[5]));
            }
        } else if (parts.length > 4 && "api".equals(parts[1]) && "agents".equals(parts[2]) && "profiles".equals(parts[3])) {
            ids.add(decode(parts[4]));
        }
        ids.removeIf(String::isEmpty);
        return ids;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException broken) {
            return segment;
        }
    }

    /** After the route and any exception handler: the preferred answer becomes the alternative one. */
    void after(Context ctx) {
        String contentType = ctx.res().getContentType();
        if (contentType == null || !contentType.contains("json")) {
            return;
        }
        String body = ctx.result();
        if (body == null || body.isEmpty()) {
            return;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (Exception notJson) {
            ctx.result(body);
            return;
        }
        String path = ctx.path();
        String method = ctx.method().name();
        int status = ctx.statusCode();
        if (json instanceof ObjectNode problem && contentType.contains("problem")) {
            String detail = problem.path("detail").asText("");
            int changed = status;
            if (has(Alternative.WORKFLOW_NOT_FOUND_400) && status == 404 && "POST".equals(method)
                    && RUNS.matcher(path).matches() && detail.startsWith("Workflow not found")) {
                changed = 400;
            }
            if (has(Alternative.MESSAGE_REFUSED_400) && status == 409 && MESSAGES.matcher(path).matches()) {
                changed = 400;
            }
            if (has(Alternative.CANCEL_REFUSED_400) && status == 409 && CANCEL.matcher(path).matches()) {
                changed = 400;
            }
            if (changed != status) {
                ctx.status(changed);
                problem.put("status", changed);
                problem.put("title", io.javalin.http.HttpStatus.forStatus(changed).getMessage());
            }
            if (has(Alternative.REWORDED_DETAILS)) {
                reword(problem);
            }
            if (has(Alternative.PROBLEM_EXTENSIONS)) {
                byte[] trace = new byte[16];
                RANDOM.nextBytes(trace);
                problem.put("traceId", HexFormat.of().formatHex(trace));
                problem.put("instance", ctx.req().getRequestURI());
            }
        }
        if (has(Alternative.NO_PROGRESS_NOTES) && status == 200 && NODE_STATES.matcher(path).matches()) {
            json.path("items").forEach(state -> ((ObjectNode) state).putArray("messages"));
        }
        if (has(Alternative.WHOLE_SECOND_TIMESTAMPS)) {
            wholeSeconds(json);
        }
        ctx.result(Json.write(json));
    }

    /** A stream frame as this server sends it: the same timestamp precision as its REST answers. */
    ObjectNode frame(ObjectNode frame) {
        if (has(Alternative.WHOLE_SECOND_TIMESTAMPS)) {
            wholeSeconds(frame);
            if (frame.path("timestamp").isTextual()) {
                frame.put("timestamp", FRACTION.matcher(frame.path("timestamp").asText()).replaceFirst("$1Z"));
            }
        }
        return frame;
    }

    private static void reword(ObjectNode problem) {
        problem.put("detail", REQUIRED.matcher(problem.path("detail").asText("")).replaceAll("Missing required field '$1'"));
        if (problem.path("errors") instanceof ArrayNode errors) {
            errors.forEach(error -> ((ObjectNode) error).put("message",
                    REQUIRED.matcher(error.path("message").asText("")).replaceAll("Missing required field '$1'")));
        }
    }

    /** Every {@code ...At} member, wherever it is, loses its fraction of a second. */
    private static void wholeSeconds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith("At") && field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(FRACTION.matcher(field.getValue().asText()).replaceFirst("$1Z")));
                } else {
                    wholeSeconds(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(AlternativeAnswers::wholeSeconds);
        }
    }
}
