package io.agentsconformance.kit.standin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of a stand-in (the model or a tool) to one request, as the scenario scripted it.
 *
 * <p>An answer is a plain map so that it travels inside the WireMock stub as transformer
 * parameters: the stub shown in WireMock's admin API, and attached to the report, is the script.
 */
public final class Answer {

    /** How the stand-in answers; {@link ScriptedAnswers} renders each kind. */
    enum Kind { TEXT, TOOL_CALLS, EMPTY, MALFORMED, STATUS, FAULT, JSON, HELD, CUT }

    /**
     * A tool call the model asks for. Its arguments are sent as JSON text: a map is the object a
     * tool takes; anything else (a list, a string) is what a misbehaving model sends instead.
     */
    public record ToolCall(String tool, Object arguments) { }

    private final Map<String, Object> spec;

    private Answer(Map<String, Object> spec) {
        this.spec = Map.copyOf(spec);
    }

    private static Answer of(Kind kind, Object... keyValues) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", kind.name());
        for (int i = 0; i < keyValues.length; i += 2) {
            spec.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Answer(spec);
    }

    /** The model answers with this text and no tool call: the node's output. */
    public static Answer text(String content) {
        return of(Kind.TEXT, "content", content);
    }

    /** Where an answer that names its run puts the run id the request carried. */
    public static final String RUN_ID = "{{X-Agents-Run-Id}}";

    /**
     * The model answers with {@code content} in which {@link #RUN_ID} stands for the run id of the
     * request it answers: an answer only that run could have been given (CONC-01), so an output
     * mixed up with another run's shows.
     */
    public static Answer textNamingRun(String content) {
        return of(Kind.TEXT, "content", content, "namesRun", true);
    }

    /** A tool's 200 answer whose JSON body names the run of the request it answers ({@link #RUN_ID}). */
    public static Answer jsonNamingRun(String body) {
        return of(Kind.JSON, "body", body, "namesRun", true);
    }

    /** The model asks for these tool calls, in this order. */
    public static Answer toolCalls(List<ToolCall> calls) {
        List<Map<String, Object>> asMaps = calls.stream()
                .map(c -> Map.<String, Object>of("tool", c.tool(), "arguments", c.arguments()))
                .toList();
        return of(Kind.TOOL_CALLS, "calls", asMaps);
    }

    /** The model answers 200 with neither content nor tool calls (a silent failure, FAIL-05). */
    public static Answer emptyMessage() {
        return of(Kind.EMPTY);
    }

    /** 200 with a body that is not a Chat Completions answer. */
    public static Answer malformedBody() {
        return of(Kind.MALFORMED);
    }

    /** An HTTP error status, with optional headers such as Retry-After. */
    public static Answer httpStatus(int status, Map<String, String> headers) {
        return of(Kind.STATUS, "status", status, "headers", Map.copyOf(headers));
    }

    public static Answer httpStatus(int status) {
        return httpStatus(status, Map.of());
    }

    /**
     * An answer that stops short: streamed, the first {@code chunks} chunks of {@code content}
     * and then the end of the body, with no finish reason and no {@code [DONE]}; not streamed,
     * half of the JSON answer.
     */
    public static Answer cutShort(String content, int chunks) {
        return of(Kind.CUT, "content", content, "chunks", chunks);
    }

    /** A broken connection, named as WireMock's {@code Fault} (e.g. CONNECTION_RESET_BY_PEER). */
    public static Answer fault(String wiremockFault) {
        return of(Kind.FAULT, "fault", wiremockFault);
    }

    /** A tool's 200 answer with this JSON body. */
    public static Answer json(String body) {
        return of(Kind.JSON, "body", body);
    }

    /**
     * The stand-in keeps the request open until the scenario releases {@code gate} (or {@code bound}
     * passes), then gives {@code then}. That is how a run is kept RUNNING for exactly as long as a
     * scenario needs, without guessing a delay.
     */
    public static Answer heldUntilReleased(String gate, Duration bound, Answer then) {
        return of(Kind.HELD, "gate", gate, "boundMs", bound.toMillis(), "then", then.spec);
    }

    /** The same answer, sent only after {@code delay}. */
    public Answer after(Duration delay) {
        Map<String, Object> delayed = new LinkedHashMap<>(spec);
        delayed.put("delayMs", delay.toMillis());
        return new Answer(delayed);
    }

    Map<String, Object> spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
