package io.agentsconformance.server.engine;

import java.util.List;

/** One message of a node's Chat Completions conversation, independent of the SDK's types. */
sealed interface ChatEntry {

    record System(String content) implements ChatEntry {
    }

    record User(String content) implements ChatEntry {
    }

    /** A model answer; {@code content} may be null when it only calls tools. */
    record Assistant(String content, List<ToolCall> toolCalls) implements ChatEntry {
    }

    record ToolResult(String toolCallId, String content) implements ChatEntry {
    }

    record ToolCall(String id, String name, String arguments) {
    }
}
