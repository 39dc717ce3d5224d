package io.agentsconformance.kit.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WireMock extension that plays a scripted conversation.
 *
 * <p>A stub carries its script (a list of {@link Answer}s) as transformer parameters. Each run
 * gets the script from its start: the n-th request of a run to that stub receives the n-th answer,
 * and the last answer repeats once the script is exhausted. Counting per run, from the
 * {@code X-Agents-Run-Id} header, is what lets one script serve 25 runs of a workflow, or a model
 * that "keeps failing", without the scenario knowing run ids in advance.
 */
public final class ScriptedAnswers implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "scripted-answers";
    static final String RUN_HEADER = "X-Agents-Run-Id";
    static final String NODE_HEADER = "X-Agents-Node-Id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<UUID, Map<String, AtomicInteger>> callsPerStubAndRun = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final RunawayGuard guard;

    ScriptedAnswers(RunawayGuard guard) {
        this.guard = guard;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Parameters parameters = event.getTransformerParameters();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answers = (List<Map<String, Object>>) parameters.get("answers");
        var breach = CorrelationCheck.rule(event.getRequest());
        if (breach.isPresent()) {
            // Never a scripted answer to a request the kit cannot attribute, or cannot answer as
            // asked: the target is told why, and the waiting scenario fails naming it.
            return refusal(breach.get());
        }
        String run = headerOr(event, RUN_HEADER, "(no run id)");
        int call = callsPerStubAndRun
                .computeIfAbsent(event.getStubMapping().getId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(run, r -> new AtomicInteger())
                .getAndIncrement();
        Map<String, Object> answer = answers.get(Math.min(call, answers.size() - 1));
        guard.served(run, headerOr(event, NODE_HEADER, ""), toolCallsIn(answer));
        return render(answer, event, call);
    }

    /** How many tool calls an answer hands the target, each of which it may call (and retry). */
    @SuppressWarnings("unchecked")
    private static int toolCallsIn(Map<String, Object> answer) {
        Object calls = answer.get("calls");
        if ("TOOL_CALLS".equals(answer.get("kind")) && calls instanceof List<?> list) {
            return list.size();
        }
        Object then = answer.get("then");
        return then instanceof Map<?, ?> held ? toolCallsIn((Map<String, Object>) held) : 0;
    }

    /** Lets every request held at {@code gate} go on to its answer. */
    public void release(String gate) {
        gates.computeIfAbsent(gate, g -> new CountDownLatch(1)).countDown();
    }

    /** Forgets the per-run call counts of a removed stub. */
    void forget(UUID stubId) {
        callsPerStubAndRun.remove(stubId);
    }

    private ResponseDefinition render(Map<String, Object> answer, ServeEvent event, int call) {
        Answer.Kind kind = Answer.Kind.valueOf((String) answer.get("kind"));
        ResponseDefinitionBuilder response = switch (kind) {
            case TEXT -> chatCompletion(event, call, message -> message.put("content", namingRun(answer, "content", event)));
            case TOOL_CALLS -> chatCompletion(event, call, message -> toolCalls(message, answer, event, call));
            case EMPTY -> chatCompletion(event, call, message -> message.put("content", ""));
            case MALFORMED -> ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"this is\": \"not a chat completion\", \"choices\": \"none\"");
            case STATUS -> status(answer);
            case CUT -> cut(event, call, (String) answer.get("content"), ((Number) answer.get("chunks")).intValue());
            case FAULT -> ResponseDefinitionBuilder.responseDefinition()
                    .withFault(Fault.valueOf((String) answer.get("fault")));
            case JSON -> ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(namingRun(answer, "body", event));
            case HELD -> {
                hold((String) answer.get("gate"), ((Number) answer.get("boundMs")).longValue());
                @SuppressWarnings("unchecked")
                Map<String, Object> then = (Map<String, Object>) answer.get("then");
                yield ResponseDefinitionBuilder.like(render(then, event, call));
            }
        };
        Object delay = answer.get("delayMs");
        if (delay != null) {
            response = response.withFixedDelay(((Number) delay).intValue());
        }
        return response.build();
    }

    /** The answer's text, with the request's run id where the script asked for it. */
    private static String namingRun(Map<String, Object> answer, String key, ServeEvent event) {
        String text = (String) answer.get(key);
        return Boolean.TRUE.equals(answer.get("namesRun"))
                ? text.replace(Answer.RUN_ID, headerOr(event, RUN_HEADER, "(no run id)")) : text;
    }

    private void hold(String gate, long boundMs) {
        try {
            // Bounded: a scenario that forgets to release still gets an answer, and the suite ends.
            gates.computeIfAbsent(gate, g -> new CountDownLatch(1)).await(boundMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ResponseDefinitionBuilder status(Map<String, Object> answer) {
        int status = ((Number) answer.get("status")).intValue();
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"scripted failure: HTTP " + status + "\",\"type\":\"stand_in\"}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) answer.getOrDefault("headers", Map.of());
        headers.forEach((name, value) -> response.withHeader(name, String.valueOf(value)));
        return response;
    }

    /** An OpenAI-style error: SDKs show its message, so the target's own log names the cause too. */
    private static ResponseDefinition refusal(String why) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", "The conformance kit's stand-in cannot answer this request: " + why);
        error.put("type", "invalid_request_error");
        error.put("code", "conformance_kit_refused");
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(body.toString())
                .build();
    }

    private interface MessageWriter {
        void write(ObjectNode message);
    }

    /** A Chat Completions answer echoing the requested model, whole or streamed as the request asks. */
    private static ResponseDefinitionBuilder chatCompletion(ServeEvent event, int call, MessageWriter writer) {
        ObjectNode body = completion(event, call, writer);
        if (CorrelationCheck.asksForStream(event.getRequest())) {
            return streamed(Sse.render(body, -1));
        }
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body.toString());
    }

    /**
     * A streamed body, as OpenAI streams it (spec/llm-and-tools.md, Streamed answers): over time
     * and in pieces, as a network delivers it, so a piece may end inside an event.
     */
    private static ResponseDefinitionBuilder streamed(String events) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", Sse.CONTENT_TYPE)
                .withChunkedDribbleDelay(Sse.PIECES, Sse.PIECES_MILLIS)
                .withBody(events);
    }

    /** The {@code chat.completion} document of an answer. */
    private static ObjectNode completion(ServeEvent event, int call, MessageWriter writer) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-standin-" + UUID.randomUUID());
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", requestedModel(event));
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("refusal");
        writer.write(message);
        choice.putNull("logprobs");
        choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", 10);
        usage.put("completion_tokens", 10);
        usage.put("total_tokens", 20);
        return body;
    }

    /**
     * A text answer whose body stops short: a stream cut after {@code chunks} chunks (no finish
     * reason, no {@code [DONE]}), or, to a request that is not streamed, half a JSON document.
     */
    private static ResponseDefinitionBuilder cut(ServeEvent event, int call, String content, int chunks) {
        ObjectNode body = completion(event, call, message -> message.put("content", content));
        if (CorrelationCheck.asksForStream(event.getRequest())) {
            return streamed(Sse.render(body, chunks));
        }
        String whole = body.toString();
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(whole.substring(0, whole.length() / 2));
    }

    private static void toolCalls(ObjectNode message, Map<String, Object> answer, ServeEvent event, int call) {
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> scripted = (List<Map<String, Object>>) answer.get("calls");
        String node = headerOr(event, NODE_HEADER, "node");
        for (int i = 0; i < scripted.size(); i++) {
            ObjectNode toolCall = calls.addObject();
            // Unique within a run: node, call number and position.
            toolCall.put("id", "call_" + node + "_" + (call + 1) + "_" + (i + 1));
            toolCall.put("type", "function");
            ObjectNode function = toolCall.putObject("function");
            function.put("name", (String) scripted.get(i).get("tool"));
            try {
                function.put("arguments", JSON.writeValueAsString(scripted.get(i).get("arguments")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("tool call arguments are not JSON: " + scripted.get(i), e);
            }
        }
    }

    private static String requestedModel(ServeEvent event) {
        JsonNode model = TopLevelField.of(event.getRequest().getBodyAsString(), "model");
        return model.isTextual() ? model.asText() : "unknown-model";
    }

    private static String headerOr(ServeEvent event, String header, String fallback) {
        String value = event.getRequest().getHeader(header);
        return value == null || value.isBlank() ? fallback : value;
    }
}
