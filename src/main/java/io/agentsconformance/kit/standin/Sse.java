package io.agentsconformance.kit.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions answer as OpenAI streams it (spec/llm-and-tools.md, "Streamed answers"):
 * {@code text/event-stream}, one {@code data:} line per {@code chat.completion.chunk} (the role,
 * then the content in small deltas, each tool call opened with its id and name and then its
 * arguments in pieces, then the finish reason), and {@code data: [DONE]}. And back again: the
 * journal shows a streamed answer as the completion its chunks add up to.
 */
final class Sse {

    static final String CONTENT_TYPE = "text/event-stream";
    /** Small pieces, so that a client that joins deltas wrongly shows it. */
    private static final int PIECE = 7;
    /**
     * A streamed body is sent in this many writes, flushed one by one over {@link #PIECES_MILLIS}
     * (WireMock's chunked dribble): cut at byte counts, not at events, so a client that expects a
     * whole {@code data:} line per read shows it; short enough to leave the scenarios' timings alone.
     */
    static final int PIECES = 8;
    static final int PIECES_MILLIS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sse() {
    }

    /** The chunks of {@code completion}; with {@code keepChunks >= 0}, only that many and no end. */
    static String render(JsonNode completion, int keepChunks) {
        List<ObjectNode> deltas = new ArrayList<>();
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        deltas.add(delta(d -> d.put("role", "assistant").put("content", "")));
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        for (String piece : pieces(content)) {
            deltas.add(delta(d -> d.put("content", piece)));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            int at = index++;
            deltas.add(delta(d -> {
                ObjectNode opened = d.putArray("tool_calls").addObject();
                opened.put("index", at).put("id", call.path("id").asText()).put("type", "function");
                opened.putObject("function").put("name", call.path("function").path("name").asText()).put("arguments", "");
            }));
            for (String piece : pieces(call.path("function").path("arguments").asText())) {
                deltas.add(delta(d -> d.putArray("tool_calls").addObject().put("index", at)
                        .putObject("function").put("arguments", piece)));
            }
        }
        StringBuilder body = new StringBuilder();
        int written = 0;
        for (ObjectNode delta : deltas) {
            if (keepChunks >= 0 && written == keepChunks) {
                return body.toString();
            }
            body.append("data: ").append(chunk(completion, delta, null)).append("\n\n");
            written++;
        }
        if (keepChunks >= 0 && written == keepChunks) {
            return body.toString();
        }
        body.append("data: ").append(chunk(completion, JSON.createObjectNode(), choice.path("finish_reason").asText("stop")))
                .append("\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    /** The completion a streamed body adds up to, or null if {@code body} is not one. */
    static JsonNode assemble(String body) {
        if (body == null || !body.startsWith("data:")) {
            return null;
        }
        ObjectNode completion = JSON.createObjectNode();
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        StringBuilder content = new StringBuilder();
        ArrayNode calls = JSON.createArrayNode();
        String finish = null;
        boolean done = false;
        for (String line : body.split("\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if ("[DONE]".equals(data)) {
                done = true;
                continue;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (JsonProcessingException e) {
                return null;
            }
            completion.put("id", chunk.path("id").asText()).put("model", chunk.path("model").asText());
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            content.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt();
                while (calls.size() <= index) {
                    calls.addObject().put("type", "function").putObject("function").put("arguments", "");
                }
                ObjectNode target = (ObjectNode) calls.get(index);
                if (call.has("id")) {
                    target.put("id", call.path("id").asText());
                }
                ObjectNode function = (ObjectNode) target.path("function");
                if (call.path("function").has("name")) {
                    function.put("name", call.path("function").path("name").asText());
                }
                function.put("arguments", function.path("arguments").asText() + call.path("function").path("arguments").asText(""));
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
        }
        completion.put("object", "chat.completion").put("streamed", true).put("complete", done && finish != null);
        message.put("content", content.toString());
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        return completion;
    }

    private interface DeltaWriter {
        void write(ObjectNode delta);
    }

    private static ObjectNode delta(DeltaWriter writer) {
        ObjectNode delta = JSON.createObjectNode();
        writer.write(delta);
        return delta;
    }

    private static String chunk(JsonNode completion, ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", completion.path("id").asText());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", completion.path("created").asLong());
        chunk.put("model", completion.path("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += PIECE) {
            pieces.add(text.substring(i, Math.min(text.length(), i + PIECE)));
        }
        return pieces;
    }
}
