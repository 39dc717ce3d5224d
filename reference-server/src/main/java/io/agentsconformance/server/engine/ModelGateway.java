package io.agentsconformance.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import io.agentsconformance.server.model.Ids;
import io.agentsconformance.server.model.ToolDefinition;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** The model, reached with the official openai-java client (Chat Completions, not streamed). */
final class ModelGateway implements AutoCloseable {

    /** What the model answered: final content, or tool calls to run before asking again. */
    record Answer(String content, List<ChatEntry.ToolCall> toolCalls) {
    }

    private final OpenAIClient client;
    /** Whether answers are asked for as a stream of chunks (spec/llm-and-tools.md, Streamed answers). */
    private final boolean streaming;

    ModelGateway(String baseUrl, String apiKey, OkHttpClient transport, boolean streaming) {
        this.streaming = streaming;
        this.client = OpenAIOkHttpClient.builder()
                .okHttpClient(transport)
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                // Retries follow each node's policy, one step per attempt: the SDK must not add its own.
                .maxRetries(0)
                .build();
    }

    Answer complete(String model, List<ChatEntry> conversation, List<ToolDefinition> tools,
            Map<String, String> headers, int timeoutMs) throws CallFailure {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(model)
                .messages(conversation.stream().map(ModelGateway::toParam).toList());
        if (!tools.isEmpty()) {
            params.tools(tools.stream().map(tool -> ChatCompletionTool.ofFunction(toFunctionTool(tool))).toList());
        }
        headers.forEach(params::putAdditionalHeader);
        Duration timeout = Duration.ofMillis(timeoutMs);
        RequestOptions options = RequestOptions.builder()
                .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build())
                .build();
        try {
            if (streaming) {
                return readAnswer(streamed(params.build(), options));
            }
            return readAnswer(client.chat().completions().create(params.build(), options));
        } catch (OpenAIServiceException e) {
            Headers answerHeaders = e.headers();
            throw CallFailure.ofStatus("the model", e.statusCode(), RetryAfter.millis(e.statusCode(),
                    first(answerHeaders, "retry-after-ms"), first(answerHeaders, "Retry-After")));
        } catch (OpenAIInvalidDataException e) {
            throw CallFailure.retryable("the model's answer is not a Chat Completions answer: " + e.getMessage());
        } catch (OpenAIIoException e) {
            throw CallFailure.retryable(describeIoFailure(e, timeoutMs));
        } catch (OpenAIException e) {
            throw CallFailure.retryable("the model request failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The chunks of a streamed answer joined by the SDK's accumulator; a stream cut short is a failed attempt. */
    private ChatCompletion streamed(ChatCompletionCreateParams params, RequestOptions options) throws CallFailure {
        com.openai.helpers.ChatCompletionAccumulator accumulator = com.openai.helpers.ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<com.openai.models.chat.completions.ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params, options)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        try {
            return accumulator.chatCompletion();
        } catch (RuntimeException cutShort) {
            throw CallFailure.retryable("the model's streamed answer ended before its finish reason: " + cutShort.getMessage());
        }
    }

    private static Answer readAnswer(ChatCompletion completion) throws CallFailure {
        try {
            if (completion.choices().isEmpty()) {
                throw CallFailure.retryable("the model's answer has no choices");
            }
            ChatCompletionMessage message = completion.choices().get(0).message();
            List<ChatEntry.ToolCall> toolCalls = new ArrayList<>();
            for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
                if (!call.isFunction()) {
                    throw CallFailure.retryable("the model's answer has a tool call that is not a function call");
                }
                ChatCompletionMessageFunctionToolCall function = call.asFunction();
                String id = function.id().isBlank() ? Ids.newId("call") : function.id();
                toolCalls.add(new ChatEntry.ToolCall(id, function.function().name(), function.function().arguments()));
            }
            return new Answer(message.content().orElse(null), List.copyOf(toolCalls));
        } catch (OpenAIInvalidDataException e) {
            throw CallFailure.retryable("the model's answer is not a Chat Completions answer: " + e.getMessage());
        }
    }

    private static String describeIoFailure(OpenAIIoException e, int timeoutMs) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException && "timeout".equalsIgnoreCase(cause.getMessage())
                    || cause instanceof java.net.SocketTimeoutException) {
                return "the model did not answer within " + timeoutMs + " ms";
            }
        }
        Throwable root = e.getCause() != null ? e.getCause() : e;
        return "the model request failed: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String first(Headers headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static ChatCompletionMessageParam toParam(ChatEntry entry) {
        if (entry instanceof ChatEntry.System system) {
            return ChatCompletionMessageParam.ofSystem(
                    ChatCompletionSystemMessageParam.builder().content(system.content()).build());
        }
        if (entry instanceof ChatEntry.User user) {
            return ChatCompletionMessageParam.ofUser(
                    ChatCompletionUserMessageParam.builder().content(user.content()).build());
        }
        if (entry instanceof ChatEntry.ToolResult result) {
            return ChatCompletionMessageParam.ofTool(ChatCompletionToolMessageParam.builder()
                    .toolCallId(result.toolCallId()).content(result.content()).build());
        }
        ChatEntry.Assistant assistant = (ChatEntry.Assistant) entry;
        ChatCompletionAssistantMessageParam.Builder param = ChatCompletionAssistantMessageParam.builder();
        if (assistant.content() != null) {
            param.content(assistant.content());
        }
        for (ChatEntry.ToolCall call : assistant.toolCalls()) {
            param.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name()).arguments(call.arguments()).build())
                    .build());
        }
        return ChatCompletionMessageParam.ofAssistant(param.build());
    }

    private static ChatCompletionFunctionTool toFunctionTool(ToolDefinition tool) {
        Map<String, JsonValue> schema = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = tool.parameters().fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            schema.put(field.getKey(), JsonValue.fromJsonNode(field.getValue()));
        }
        FunctionDefinition.Builder function = FunctionDefinition.builder()
                .name(tool.name())
                .parameters(FunctionParameters.builder().putAllAdditionalProperties(schema).build());
        if (tool.description() != null) {
            function.description(tool.description());
        }
        return ChatCompletionFunctionTool.builder().function(function.build()).build();
    }
}
