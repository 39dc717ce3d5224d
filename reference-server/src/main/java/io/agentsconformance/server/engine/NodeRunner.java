package io.agentsconformance.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.model.AgentProfile;
import io.agentsconformance.server.model.Json;
import io.agentsconformance.server.model.Message;
import io.agentsconformance.server.model.NodeState;
import io.agentsconformance.server.model.Step;
import io.agentsconformance.server.model.ToolDefinition;
import io.agentsconformance.server.model.WorkflowNode;
import io.agentsconformance.server.store.Store;
import java.io.UncheckedIOException;
import io.agentsconformance.server.model.Run;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Executes one turn of a node (spec/llm-and-tools.md, "How a node executes"): the tool-call loop
 * until the model gives a final answer, each request retried per the node's policy, and the
 * node's fallback agent replaying the turn once if the node's own agent fails.
 */
final class NodeRunner {

    /** A Retry-After beyond this fails the request instead of parking a worker for hours. */
    static final long MAX_RETRY_WAIT_MS = 600_000;

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int attempt) throws CallFailure;
    }

    private final Store store;
    private final RunRecorder recorder;
    private final Conversations conversations;
    private final ModelGateway model;
    private final ToolGateway tools;

    /** --misbehave runaway: the kit's own tests need a target that does not stop (never set otherwise). */
    private volatile boolean runaway;

    NodeRunner(Store store, RunRecorder recorder, Conversations conversations, ModelGateway model, ToolGateway tools) {
        this.store = store;
        this.recorder = recorder;
        this.conversations = conversations;
        this.model = model;
        this.tools = tools;
    }

    /**
     * Where a turn stands: which user message it answers, who plays the node, and how many model
     * calls it has made (a turn resumed after a question goes on counting).
     *
     * @param start        the last message before the turn began (a fallback replays from there)
     * @param userSeqLimit the last user message this turn answers (the input query's for a first turn)
     */
    record Turn(long start, long userSeqLimit, String agentId, String model, boolean onFallback, int modelCalls) {

        Turn afterCalls(int calls) {
            return new Turn(start, userSeqLimit, agentId, model, onFallback, calls);
        }

        Turn playedBy(String fallbackAgentId, String fallbackModel) {
            return new Turn(start, userSeqLimit, fallbackAgentId, fallbackModel, true, 0);
        }
    }

    /**
     * @param userSeqLimit the last user message this turn answers (the input query's for a first turn)
     * @param followUp     whether the turn answers a follow-up message rather than the input query
     * @return the node's answer
     * @throws AwaitingUser when the node asked the user a question: the turn goes on in {@link #resumeTurn}
     */
    String runTurn(RunContext run, WorkflowNode node, long userSeqLimit, boolean followUp)
            throws NodeFailure, AwaitingUser {
        NodeState state = store.nodeStates().find(run.runId(), node.id()).orElseThrow();
        long turnStart = store.runs().lastMessageSeq(run.runId());
        recorder.startNode(run, node.id(), followUp
                ? "answering message " + userSeqLimit + " of the conversation"
                : "started: agent " + state.agentId() + ", model " + state.model());
        return play(run, node, new Turn(turnStart, userSeqLimit, state.agentId(), state.model(), state.onFallback(),
                0));
    }

    /** Goes on with a turn whose question the user answered (the answer is recorded as the call's result). */
    String resumeTurn(RunContext run, WorkflowNode node, Turn turn) throws NodeFailure, AwaitingUser {
        return play(run, node, turn);
    }

    private String play(RunContext run, WorkflowNode node, Turn turn) throws NodeFailure, AwaitingUser {
        try {
            return converse(run, node, turn);
        } catch (NodeFailure failure) {
            if (node.fallback() == null || turn.onFallback()) {
                throw failure;
            }
            recorder.fallBack(run, node, failure.getMessage(), turn.start());
            return converse(run, node, turn.playedBy(node.fallback().agentId(), node.fallback().model()));
        }
    }

    private String converse(RunContext run, WorkflowNode node, Turn turn) throws NodeFailure, AwaitingUser {
        AgentProfile agent = store.profiles().find(turn.agentId())
                .orElseThrow(() -> new IllegalStateException("agent profile " + turn.agentId() + " vanished"));
        List<ChatEntry> conversation = conversations.build(run.runId(), node, agent, turn.userSeqLimit());
        if (turn.modelCalls() > 0) {
            // Resumed after a question: the calls of the last answer that came after it are still owed.
            callTools(run, node, turn, owedCalls(conversation), conversation);
        }
        for (int calls = turn.modelCalls();; calls++) {
            if (calls == node.maxModelCalls() && !runaway) {
                throw new NodeFailure("no final answer after " + calls + " model calls (maxModelCalls)");
            }
            ModelGateway.Answer answer = callModel(run, node, turn.model(), conversation);
            recorder.countModelCall(run, node.id());
            if (answer.toolCalls().isEmpty()) {
                if (answer.content() == null || answer.content().isBlank()) {
                    throw new NodeFailure("empty model answer: neither content nor tool calls");
                }
                return answer.content();
            }
            conversation.add(new ChatEntry.Assistant(answer.content(), answer.toolCalls()));
            for (ChatEntry.ToolCall call : answer.toolCalls()) {
                recorder.agentMessage(run, Message.Type.TOOL_CALL, call.arguments(), node.id(), call.id(), call.name());
            }
            callTools(run, node, turn.afterCalls(calls + 1), answer.toolCalls(), conversation);
        }
    }

    /** Makes the calls in order; a question to the user stops the turn there (the rest wait for the answer). */
    private void callTools(RunContext run, WorkflowNode node, Turn turn, List<ChatEntry.ToolCall> calls,
            List<ChatEntry> conversation) throws NodeFailure, AwaitingUser {
        for (ChatEntry.ToolCall call : calls) {
            Optional<String> question = question(node, call);
            if (question.isPresent()) {
                ObjectNode executing = toolEvent(node, call).set("arguments", parseObject(call.arguments()));
                Step step = recorder.startStep(run, node.id(), Step.Kind.TOOL, call.name(), call.id(), 1,
                        call.arguments(), EventTypes.TOOL_EXECUTING, executing);
                throw new AwaitingUser(turn, step, new Run.Question(node.id(), call.id(), question.get()));
            }
            String result = callTool(run, node, call);
            recorder.agentMessage(run, Message.Type.TOOL_RESULT, result, node.id(), call.id(), call.name());
            conversation.add(new ChatEntry.ToolResult(call.id(), result));
        }
    }

    /** The question of a well-formed {@code ask_user} call of a node that may ask (WF-04). */
    private static Optional<String> question(WorkflowNode node, ChatEntry.ToolCall call) {
        if (!node.askUser() || !WorkflowNode.ASK_USER.equals(call.name())) {
            return Optional.empty();
        }
        JsonNode arguments = parseObject(call.arguments());
        JsonNode question = arguments == null ? null : arguments.get("question");
        return question != null && question.isTextual() && !question.asText().isBlank()
                ? Optional.of(question.asText())
                : Optional.empty();
    }

    /** The tool calls of the conversation's last answer that have no result yet. */
    private static List<ChatEntry.ToolCall> owedCalls(List<ChatEntry> conversation) {
        Set<String> answered = new HashSet<>();
        for (int i = conversation.size() - 1; i >= 0; i--) {
            ChatEntry entry = conversation.get(i);
            if (entry instanceof ChatEntry.ToolResult result) {
                answered.add(result.toolCallId());
            } else if (entry instanceof ChatEntry.Assistant assistant) {
                return assistant.toolCalls().stream().filter(call -> !answered.contains(call.id())).toList();
            } else {
                return List.of();
            }
        }
        return List.of();
    }

    /** The node's own tools, and the built-in {@code ask_user} when the node may ask the user. */
    static List<ToolDefinition> offeredTools(WorkflowNode node) {
        if (!node.askUser()) {
            return node.tools();
        }
        List<ToolDefinition> tools = new ArrayList<>(node.tools());
        tools.add(ASK_USER_TOOL);
        return tools;
    }

    private static final ToolDefinition ASK_USER_TOOL = new ToolDefinition(WorkflowNode.ASK_USER,
            "Ask the user a question and wait for the answer.", null, (ObjectNode) Json.read("""
                    {"type": "object", "properties": {"question": {"type": "string"}}, "required": ["question"]}"""));

    private ModelGateway.Answer callModel(RunContext run, WorkflowNode node, String modelName,
            List<ChatEntry> conversation) throws NodeFailure {
        String input = describe(conversation.get(conversation.size() - 1));
        return withRetries(run, node, "the model call", attempt -> {
            ObjectNode thinking = Json.object()
                    .put("nodeId", node.id()).put("model", modelName).put("attempt", attempt);
            Step step = recorder.startStep(run, node.id(), Step.Kind.MODEL, modelName, null, attempt, input,
                    EventTypes.AGENT_THINKING, thinking);
            try {
                ModelGateway.Answer answer = model.complete(modelName, conversation, offeredTools(node),
                        Correlation.headers(run, node.id(), attempt), node.timeoutMs());
                recorder.finishStep(run, step, Step.Status.COMPLETED, describe(answer), null, null, null);
                return answer;
            } catch (CallFailure failure) {
                recorder.finishStep(run, step, Step.Status.FAILED, null, failure.getMessage(), null, null);
                throw failure;
            }
        });
    }

    /** The tool's result, or an error text for the model when the call cannot be made as asked. */
    private String callTool(RunContext run, WorkflowNode node, ChatEntry.ToolCall call) throws NodeFailure {
        Optional<ToolDefinition> tool = node.tool(call.name());
        if (tool.isEmpty()) {
            return "error: there is no tool named \"" + call.name() + "\"";
        }
        JsonNode arguments = parseObject(call.arguments());
        if (arguments == null) {
            return "error: the arguments of a tool call must be a JSON object";
        }
        return withRetries(run, node, "the call of tool " + call.name(), attempt -> {
            ObjectNode executing = toolEvent(node, call).set("arguments", arguments);
            Step step = recorder.startStep(run, node.id(), Step.Kind.TOOL, call.name(), call.id(), attempt,
                    call.arguments(), EventTypes.TOOL_EXECUTING, executing);
            try {
                String result = tools.call(tool.get().url(), call.arguments(),
                        Correlation.toolHeaders(run, node.id(), attempt, call.id(), call.name()), node.timeoutMs());
                recorder.finishStep(run, step, Step.Status.COMPLETED, result, null, EventTypes.TOOL_COMPLETED,
                        toolEvent(node, call).put("result", result));
                return result;
            } catch (CallFailure failure) {
                recorder.finishStep(run, step, Step.Status.FAILED, null, failure.getMessage(),
                        EventTypes.TOOL_COMPLETED, toolEvent(node, call).put("error", failure.getMessage()));
                throw failure;
            }
        });
    }

    void runaway() {
        this.runaway = true;
    }

    /** Attempts a request until it succeeds, fails for good, or the node's attempts run out. */
    private <T> T withRetries(RunContext run, WorkflowNode node, String what, Attempt<T> attempt)
            throws NodeFailure {
        for (int n = 1;; n++) {
            try {
                return attempt.run(n);
            } catch (CallFailure failure) {
                if (run.isCancelled()) {
                    throw RunStopped.INSTANCE;
                }
                if (runaway) {
                    continue; // no limit, no pause: what the kit must survive
                }
                if (!failure.retryable()) {
                    throw new NodeFailure(what + " failed: " + failure.getMessage());
                }
                if (n >= node.maxAttempts()) {
                    throw new NodeFailure(what + " failed after " + n + " attempt" + (n == 1 ? "" : "s") + ": "
                            + failure.getMessage());
                }
                long backoff = node.retryBackoffMs() * (1L << (n - 1));
                long wait = Math.max(backoff, failure.retryAfterMs());
                if (wait > MAX_RETRY_WAIT_MS) {
                    throw new NodeFailure(what + " failed: " + failure.getMessage()
                            + ", and a retry would have to wait " + wait + " ms");
                }
                if (!run.pause(wait)) {
                    throw RunStopped.INSTANCE;
                }
            }
        }
    }

    private static ObjectNode toolEvent(WorkflowNode node, ChatEntry.ToolCall call) {
        return RunRecorder.toolEvent(node.id(), call.id(), call.name());
    }

    private static JsonNode parseObject(String arguments) {
        try {
            JsonNode parsed = Json.read(arguments);
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (UncheckedIOException | IllegalArgumentException notJson) {
            return null;
        }
    }

    /** A MODEL step's input: what the model is asked to respond to (the conversation's last message). */
    private static String describe(ChatEntry last) {
        if (last instanceof ChatEntry.User user) {
            return user.content();
        }
        if (last instanceof ChatEntry.ToolResult result) {
            return "result of tool call " + result.toolCallId() + ": " + result.content();
        }
        return String.valueOf(last);
    }

    /** A MODEL step's output: the answer's content, or the tool calls it asks for. */
    private static String describe(ModelGateway.Answer answer) {
        if (answer.toolCalls().isEmpty()) {
            return answer.content();
        }
        ArrayNode calls = Json.array();
        for (ChatEntry.ToolCall call : answer.toolCalls()) {
            calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
        }
        return Json.write(calls);
    }
}
