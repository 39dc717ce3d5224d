package io.agentsconformance.kit.standin;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.verification.NearMiss;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the target sent the stand-ins for a scenario's projects, oldest first. This is the kit's
 * only view of what happens inside the target: which model calls and tool calls it made, for which
 * run and node, with which messages, and when.
 */
public final class Journal {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the target made to a stand-in. */
    public record Exchange(
            String surface,
            Instant at,
            String projectId,
            String workflowId,
            String runId,
            String nodeId,
            String attempt,
            String toolCallId,
            String toolName,
            String url,
            JsonNode body,
            int responseStatus,
            boolean scripted,
            boolean answered,
            JsonNode response,
            Map<String, String> responseHeaders) {

        /**
         * How long the stand-in's answer asked the target to wait before retrying, in ms: its
         * {@code retry-after-ms}, or its {@code Retry-After} in seconds, the longer if both; 0 if none.
         */
        public long askedToWaitMs() {
            long wait = 0;
            String millis = responseHeaders.get("retry-after-ms");
            String seconds = responseHeaders.get("retry-after");
            if (millis != null) {
                wait = Math.max(wait, (long) Math.ceil(Double.parseDouble(millis)));
            }
            if (seconds != null) {
                wait = Math.max(wait, (long) Math.ceil(Double.parseDouble(seconds) * 1000));
            }
            return wait;
        }

        /** The ids of the tool calls the stand-in's answer asked for, in order; none for a tool request. */
        public List<String> toolCallIdsAnswered() {
            List<String> ids = new java.util.ArrayList<>();
            response.path("choices").path(0).path("message").path("tool_calls")
                    .forEach(call -> ids.add(call.path("id").asText()));
            return ids;
        }

        /** How many messages the model was sent: a node's conversation only grows, call after call. */
        public int conversationLength() {
            return body.path("messages").size();
        }

        /** Every message {@code content} of a model request, concatenated: for "contains" checks. */
        public String allMessageText() {
            StringBuilder text = new StringBuilder();
            for (JsonNode message : body.path("messages")) {
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    text.append(content.asText()).append('\n');
                } else if (content.isArray()) {
                    content.forEach(part -> text.append(part.path("text").asText()).append('\n'));
                }
            }
            return text.toString();
        }

        public String model() {
            return body.path("model").asText(null);
        }
    }

    private final List<Exchange> exchanges;
    private final List<String> unscripted;

    Journal(List<ServeEvent> answered, List<ServeEvent> pending, Function<LoggedRequest, List<NearMiss>> nearMisses) {
        this.exchanges = java.util.stream.Stream.concat(
                        answered.stream().map(e -> exchange(e, true)),
                        pending.stream().map(e -> exchange(e, false)))
                .sorted(java.util.Comparator.comparing(Exchange::at))
                .toList();
        this.unscripted = answered.stream()
                .filter(e -> !e.getWasMatched())
                .map(e -> describeUnscripted(e.getRequest(), nearMisses.apply(e.getRequest())))
                .toList();
    }

    public List<Exchange> all() {
        return exchanges;
    }

    public List<Exchange> modelRequests() {
        return select(e -> "model".equals(e.surface()));
    }

    public List<Exchange> toolRequests() {
        return select(e -> "tool".equals(e.surface()));
    }

    public List<Exchange> forRun(String runId) {
        return select(e -> runId.equals(e.runId()));
    }

    /** The run's model requests, of node {@code nodeId} only unless it is null, in arrival order. */
    public List<Exchange> modelRequests(String runId, String nodeId) {
        return select(e -> "model".equals(e.surface()) && runId.equals(e.runId())
                && (nodeId == null || nodeId.equals(e.nodeId())));
    }

    /** The run's tool requests, to tool {@code tool} only unless it is null, in arrival order. */
    public List<Exchange> toolRequests(String runId, String tool) {
        return select(e -> "tool".equals(e.surface()) && runId.equals(e.runId())
                && (tool == null || e.url() != null && e.url().endsWith("/" + tool)));
    }

    public List<Exchange> select(Predicate<Exchange> filter) {
        return exchanges.stream().filter(filter).toList();
    }

    /**
     * Requests no script answered, each with WireMock's closest stub and the difference: the first
     * thing to read when a target "fails" a scenario because it called the model unexpectedly or
     * without its correlation headers.
     */
    public List<String> unscripted() {
        return unscripted;
    }

    public boolean isEmpty() {
        return exchanges.isEmpty();
    }

    /** Strings of a rendered journal longer than this are elided in the middle (Evidence.elide). */
    static final int RENDERED_STRING_CHARS = 4 * 1024;

    /**
     * The journal as readable JSON, for the report. A node's model requests each carry the whole
     * conversation so far, so the report would hold it once per call (EDGE-1: a thousand calls,
     * 49 MB): each request shows only the messages its predecessor of the same run and node did not
     * already have, after a marker naming how many were left out and which request had them. Long
     * strings keep their start and end, with the size and SHA-256 of the whole.
     */
    public String render() {
        ArrayNode out = JSON.createArrayNode();
        Map<String, JsonNode> conversations = new java.util.HashMap<>();
        Map<String, Integer> lastRequest = new java.util.HashMap<>();
        int number = 0;
        for (Exchange e : exchanges) {
            number++;
            ObjectNode row = out.addObject();
            row.put("request", number);
            row.put("at", e.at().toString());
            row.put("surface", e.surface());
            row.put("url", e.url());
            row.put("runId", e.runId());
            row.put("nodeId", e.nodeId());
            row.put("attempt", e.attempt());
            if (e.toolCallId() != null) {
                row.put("toolCallId", e.toolCallId());
            }
            if (e.answered()) {
                row.put("responseStatus", e.responseStatus());
            } else {
                row.put("answered", false);
            }
            row.put("scripted", e.scripted());
            JsonNode body = e.body();
            JsonNode messages = body.path("messages");
            if ("model".equals(e.surface()) && messages.isArray()) {
                String conversation = e.runId() + "/" + e.nodeId();
                int shared = sharedPrefix(conversations.get(conversation), messages);
                if (shared > 0) {
                    ObjectNode shown = body.deepCopy();
                    ArrayNode rest = shown.putArray("messages");
                    rest.addObject().put("repeated", "the first " + shared + " messages, as in request "
                            + lastRequest.get(conversation) + " (and its predecessors)");
                    for (int i = shared; i < messages.size(); i++) {
                        rest.add(messages.get(i));
                    }
                    body = shown;
                }
                conversations.put(conversation, messages);
                lastRequest.put(conversation, number);
            }
            row.set("body", elided(body));
            if (e.answered()) {
                // A streamed answer shows here as the completion its chunks add up to ("streamed": true).
                row.set("response", elided(e.response()));
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (JsonProcessingException e) {
            return out.toString();
        }
    }

    /** How many leading messages {@code now} has in common with {@code before}. */
    static int sharedPrefix(JsonNode before, JsonNode now) {
        if (before == null) {
            return 0;
        }
        int shared = 0;
        while (shared < before.size() && shared < now.size() && before.get(shared).equals(now.get(shared))) {
            shared++;
        }
        return shared;
    }

    /** A copy of {@code node} whose long strings are elided in the middle; {@code node} itself when none is. */
    static JsonNode elided(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual() && node.asText().length() > RENDERED_STRING_CHARS) {
            return TextNode.valueOf(io.agentsconformance.kit.report.Evidence.elide(node.asText(), RENDERED_STRING_CHARS));
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                JsonNode value = elided(field.getValue());
                if (value != field.getValue()) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(field.getKey(), value);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = elided(node.get(i));
                if (value != node.get(i)) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, value);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private static Exchange exchange(ServeEvent event, boolean answered) {
        LoggedRequest request = event.getRequest();
        String url = request.getUrl();
        boolean model = url != null && url.startsWith(StandIns.MODEL_PATH);
        return new Exchange(
                model ? "model" : "tool",
                request.getLoggedDate().toInstant(),
                StandIns.projectOf(event),
                request.getHeader("X-Agents-Workflow-Id"),
                request.getHeader(ScriptedAnswers.RUN_HEADER),
                request.getHeader(ScriptedAnswers.NODE_HEADER),
                request.getHeader("X-Agents-Attempt"),
                request.getHeader("X-Agents-Tool-Call-Id"),
                request.getHeader("X-Agents-Tool-Name"),
                url,
                parse(request.getBodyAsString()),
                answered ? Optional.ofNullable(event.getResponse()).map(r -> r.getStatus()).orElse(0) : 0,
                !answered || event.getWasMatched(),
                answered,
                answered && event.getResponse() != null ? response(event.getResponse().getBodyAsString()) : JSON.nullNode(),
                answered && event.getResponse() != null ? headersOf(event) : Map.of());
    }

    private static Map<String, String> headersOf(ServeEvent event) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (event.getResponse().getHeaders() == null) {
            return Map.of(); // a fault: the connection was broken, no headers were sent
        }
        event.getResponse().getHeaders().all().forEach(header ->
                headers.put(header.key().toLowerCase(java.util.Locale.ROOT), header.firstValue()));
        return Map.copyOf(headers);
    }


    /** A streamed answer is shown as the completion its chunks add up to (with "streamed": true). */
    private static JsonNode response(String body) {
        JsonNode assembled = Sse.assemble(body);
        return assembled != null ? assembled : parse(body);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }

    private static String describeUnscripted(LoggedRequest request, List<NearMiss> nearMisses) {
        String closest = nearMisses.isEmpty()
                ? "no stub comes close"
                : "closest stub:\n" + nearMisses.get(0).getDiff().toString();
        return request.getMethod() + " " + request.getUrl()
                + " (project " + request.getHeader(StandIns.PROJECT_HEADER)
                + ", run " + request.getHeader(ScriptedAnswers.RUN_HEADER)
                + ", node " + request.getHeader(ScriptedAnswers.NODE_HEADER) + ") was not scripted; " + closest;
    }
}
