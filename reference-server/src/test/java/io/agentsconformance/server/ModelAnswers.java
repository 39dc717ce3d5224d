package io.agentsconformance.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Chat Completions answers, as the model stand-in sends them. */
final class ModelAnswers {

    private ModelAnswers() {
    }

    static String text(String content) {
        ObjectNode message = Api.JSON.createObjectNode().put("role", "assistant").put("content", content);
        return completion(message, "stop");
    }

    static String toolCall(String callId, String toolName, String argumentsJson) {
        ObjectNode message = Api.JSON.createObjectNode().put("role", "assistant").putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", toolName).put("arguments", argumentsJson);
        return completion(message, "tool_calls");
    }

    private static String completion(ObjectNode message, String finishReason) {
        ObjectNode completion = Api.JSON.createObjectNode()
                .put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000)
                .put("model", "test-model");
        completion.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason)
                .set("message", message);
        return completion.toString();
    }
}
