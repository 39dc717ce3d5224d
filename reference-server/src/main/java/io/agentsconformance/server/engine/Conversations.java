package io.agentsconformance.server.engine;

import io.agentsconformance.server.model.AgentProfile;
import io.agentsconformance.server.model.ContextItem;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.NodeState;
import io.agentsconformance.server.model.Run;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the messages of a node's model request (spec/llm-and-tools.md, "The model request") from
 * what the run has recorded, so that a node can continue its conversation in a later turn, even
 * after a server restart.
 */
final class Conversations {

    private final Store store;

    Conversations(Store store) {
        this.store = store;
    }

    /**
     * The system message, the opening user message, then the node's conversation so far, including
     * the user's follow-up messages up to {@code userSeqLimit} (only final nodes are given any).
     */
    List<ChatEntry> build(String runId, WorkflowNode node, AgentProfile agent, long userSeqLimit) {
        List<ChatEntry> conversation = new ArrayList<>();
        String system = joinNonBlank(agent.instructions(), node.instructions());
        if (!system.isEmpty()) {
            conversation.add(new ChatEntry.System(system));
        }
        conversation.add(new ChatEntry.User(openingMessage(runId, node)));
        List<ChatEntry.ToolCall> pendingCalls = new ArrayList<>();
        for (Message message : store.messages().conversationOf(runId, node.id(), userSeqLimit)) {
            if (message.type() == Message.Type.TOOL_CALL) {
                // Consecutive tool calls were one model answer: they go back as one assistant message.
                pendingCalls.add(new ChatEntry.ToolCall(message.toolCallId(), message.toolName(), message.content()));
                continue;
            }
            flushToolCalls(conversation, pendingCalls);
            switch (message.type()) {
                case TOOL_RESULT -> conversation.add(new ChatEntry.ToolResult(message.toolCallId(), message.content()));
                case ASSISTANT -> conversation.add(new ChatEntry.Assistant(message.content(), List.of()));
                case USER -> conversation.add(new ChatEntry.User(withContextItems(runId, message.content(),
                        message.contextItemIds())));
                default -> throw new IllegalStateException("not part of a conversation: " + message.type());
            }
        }
        flushToolCalls(conversation, pendingCalls);
        return conversation;
    }

    /** The run's input query, its context items, then the output of each node this one depends on. */
    private String openingMessage(String runId, WorkflowNode node) {
        Run run = store.runs().find(runId).orElseThrow();
        StringBuilder text = new StringBuilder(withContextItems(runId, run.inputQuery(), run.contextItemIds()));
        for (String dependency : node.dependsOn()) {
            NodeState state = store.nodeStates().find(runId, dependency).orElseThrow();
            text.append("\n\nOutput of node \"").append(dependency).append("\":\n").append(state.output());
        }
        return text.toString();
    }

    private String withContextItems(String runId, String content, List<String> contextItemIds) {
        if (contextItemIds.isEmpty()) {
            return content;
        }
        String projectId = store.runs().find(runId).orElseThrow().projectId();
        StringBuilder text = new StringBuilder(content);
        for (ContextItem item : store.contextItems().findAll(projectId, contextItemIds)) {
            text.append("\n\nContext item \"").append(item.name()).append("\":\n").append(item.content());
        }
        return text.toString();
    }

    private static void flushToolCalls(List<ChatEntry> conversation, List<ChatEntry.ToolCall> pendingCalls) {
        if (!pendingCalls.isEmpty()) {
            conversation.add(new ChatEntry.Assistant(null, List.copyOf(pendingCalls)));
            pendingCalls.clear();
        }
    }

    private static String joinNonBlank(String first, String second) {
        boolean hasFirst = first != null && !first.isBlank();
        boolean hasSecond = second != null && !second.isBlank();
        if (hasFirst && hasSecond) {
            return first + "\n\n" + second;
        }
        return hasFirst ? first : hasSecond ? second : "";
    }
}
