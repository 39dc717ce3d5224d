package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import java.util.List;
import java.util.Map;

/**
 * The tools as the kit plays them, with the same vocabulary of answers as the model's, and what
 * travelled between the model and the tools through the target (spec/llm-and-tools.md, "The
 * tool-call loop" and "Calling a tool").
 */
public final class ToolScriptSteps {

    private final Scene scene;
    private final Created created;
    private final Fixtures fixtures;

    public ToolScriptSteps(Scene scene, Created created, Fixtures fixtures) {
        this.scene = scene;
        this.created = created;
        this.fixtures = fixtures;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Given("the {string} tool answers with the figures {string}")
    public void answersWithFigures(String tool, String figures) {
        fixtures.scriptTool(created.project(), tool, List.of(Answer.json(JSON.createObjectNode().put("figures", figures).toString())));
    }

    @Then("the {string} tool was called once, with the arguments the model gave")
    public void calledOnceWithTheModelsArguments(String tool) {
        RunRef run = created.run();
        List<Exchange> calls = toolCalls(run, tool);
        scene.expect().equalSeen("requests to tool '" + tool + "' in run '" + run.alias() + "'", 1, calls.size(),
                AttemptSteps.describe(calls));
        Exchange asking = modelAnswerCalling(run, tool);
        JsonNode arguments = arguments(asking, tool);
        scene.expect().equalSeen("body of the request to tool '" + tool + "'", arguments, calls.get(0).body(),
                "the model asked for " + tool + " with " + arguments);
        scene.expect().equalSeen("X-Agents-Tool-Call-Id of the request to tool '" + tool + "'",
                callId(asking, tool), calls.get(0).toolCallId(), AttemptSteps.describe(calls));
    }

    /**
     * The model request after the one answered with a tool call carries that assistant message
     * and one {@code tool} message with the call's id and the tool's answer as its content.
     */
    @Then("the {word} agent's next request gives the tool's answer back under the tool call id the model issued")
    public void toolAnswerGoesBack(String node) {
        RunRef run = created.run();
        List<Exchange> requests = created.journal().modelRequests(run.id(), node);
        int asking = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (!requests.get(i).toolCallIdsAnswered().isEmpty()) {
                asking = i;
            }
        }
        scene.expect().thatSeen(asking >= 0 && asking + 1 < requests.size(), "model requests of node '" + node + "'",
                "one answered with a tool call, then the next", requests.size() + " requests", AttemptSteps.describe(requests));
        String id = requests.get(asking).toolCallIdsAnswered().get(0);
        List<Exchange> tools = created.journal().toolRequests(run.id(), null);
        String toolAnswer = tools.isEmpty() ? null : tools.get(tools.size() - 1).response().toString();
        JsonNode next = requests.get(asking + 1).body().path("messages");
        JsonNode toolMessage = null;
        boolean assistantWithCall = false;
        for (JsonNode message : next) {
            if ("tool".equals(message.path("role").asText()) && id.equals(message.path("tool_call_id").asText())) {
                toolMessage = message;
            }
            for (JsonNode call : message.path("tool_calls")) {
                assistantWithCall |= "assistant".equals(message.path("role").asText()) && id.equals(call.path("id").asText());
            }
        }
        scene.expect().thatSeen(assistantWithCall, "messages of the request after the tool call",
                "the assistant message asking for tool call " + id, next, next.toString());
        scene.expect().thatSeen(toolMessage != null, "messages of the request after the tool call",
                "a tool message with tool_call_id " + id, next, next.toString());
        String content = toolMessage.path("content").isTextual() ? toolMessage.path("content").asText() : toolMessage.path("content").toString();
        boolean carries = false;
        try {
            carries = toolAnswer != null && JSON.readTree(content).equals(JSON.readTree(toolAnswer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            carries = false;
        }
        scene.expect().thatSeen(carries || (toolAnswer != null && content.contains(toolAnswer)),
                "content of the tool message " + id, "the tool's answer " + toolAnswer, content, next.toString());
    }

    @Given("the {string} tool answers with a report of {int} KB")
    public void answersWithAReport(String tool, int kilobytes) {
        StringBuilder report = new StringBuilder();
        for (int line = 1; report.length() < kilobytes * 1024; line++) {
            report.append("line ").append(line).append(": account ").append(1000 + line).append(", balance ")
                    .append(line * 37 % 9973).append(" EUR, checked\n");
        }
        fixtures.scriptTool(created.project(), tool, List.of(Answer.json(
                JSON.createObjectNode().put("title", "Q3 ledger").put("report", report.toString()).toString())));
    }

    /** WF-08 (spec/llm-and-tools.md, "What a tool produces"): the TOOL step's output and the tool_result message. */
    @Then("the {string} tool's answer can be read back intact from the run's steps and messages")
    public void answerReadBackIntact(String tool) {
        RunRef run = created.run();
        List<Exchange> calls = toolCalls(run, tool);
        scene.expect().equalSeen("requests to tool '" + tool + "'", 1, calls.size(), AttemptSteps.describe(calls));
        JsonNode produced = calls.get(0).response();
        var api = run.project().owner().api();
        io.agentsconformance.kit.api.Call steps = api.listSteps(run.project().id(), run.id(), Map.of());
        scene.expect().status("listing the steps of the finished run", steps, 200);
        JsonNode step = null;
        for (JsonNode s : steps.at("$.items")) {
            if ("TOOL".equals(s.path("kind").asText()) && tool.equals(s.path("name").asText())) {
                step = s;
            }
        }
        scene.expect().that(step != null, "$.items[] of the steps", "a TOOL step of '" + tool + "'", steps.at("$.items"), steps);
        scene.expect().that(sameResult(produced, step.path("output")), "$.items[].output of the TOOL step of '" + tool + "'",
                "the tool's answer, intact (" + produced.toString().length() + " characters)",
                shortly(step.path("output")), steps);
        io.agentsconformance.kit.api.Call messages = api.listMessages(run.project().id(), run.id(), Map.of("type", "tool_result"));
        scene.expect().status("listing the tool results of the finished run", messages, 200);
        JsonNode message = messages.at("$.items").path(0);
        scene.expect().field(messages, "$.items[0].toolName", tool);
        scene.expect().field(messages, "$.items[0].toolCallId", calls.get(0).toolCallId());
        scene.expect().that(sameResult(produced, message.path("content")), "$.items[0].content of the tool_result message",
                "the tool's answer, intact (" + produced.toString().length() + " characters)",
                shortly(message.path("content")), messages);
    }

    private static boolean sameResult(JsonNode produced, JsonNode readBack) {
        if (!readBack.isTextual()) {
            return false;
        }
        try {
            return JSON.readTree(readBack.asText()).equals(produced);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return readBack.asText().equals(produced.asText());
        }
    }

    private static String shortly(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() <= 300 ? text : text.substring(0, 150) + " ... (" + text.length() + " characters) ... "
                + text.substring(text.length() - 150);
    }

    @Then("the {string} tool was told the tool's name and the call's id")
    public void toldNameAndCallId(String tool) {
        RunRef run = created.run();
        List<Exchange> calls = toolCalls(run, tool);
        scene.expect().thatSeen(!calls.isEmpty(), "requests to tool '" + tool + "'", "at least one", "none", "");
        String id = callId(modelAnswerCalling(run, tool), tool);
        for (Exchange call : calls) {
            scene.expect().equalSeen("X-Agents-Tool-Name of the request to tool '" + tool + "'", tool, call.toolName(),
                    AttemptSteps.describe(calls));
            scene.expect().equalSeen("X-Agents-Tool-Call-Id of the request to tool '" + tool + "'", id, call.toolCallId(),
                    AttemptSteps.describe(calls));
        }
    }

    @Then("no tool was called in the run")
    public void noToolCalled() {
        RunRef run = created.run();
        List<Exchange> calls = created.journal().toolRequests(run.id(), null);
        scene.expect().equalSeen("tool requests of run '" + run.alias() + "'", 0, calls.size(), AttemptSteps.describe(calls));
    }

    @Then("the {string} tool was called {int} times")
    public void calledTimes(String tool, int times) {
        RunRef run = created.run();
        List<Exchange> calls = toolCalls(run, tool);
        scene.expect().equalSeen("requests to tool '" + tool + "' in run '" + run.alias() + "'", times, calls.size(),
                AttemptSteps.describe(calls));
    }

    private List<Exchange> toolCalls(RunRef run, String tool) {
        return created.journal().toolRequests(run.id(), tool);
    }

    private Exchange modelAnswerCalling(RunRef run, String tool) {
        return created.journal().modelRequests(run.id(), null).stream()
                .filter(e -> callId(e, tool) != null).findFirst()
                .orElseThrow(() -> scene.expect().failure("model answers of run '" + run.alias() + "'",
                        "one asking for tool '" + tool + "'", "none", AttemptSteps.describe(created.journal().forRun(run.id()))));
    }

    private static JsonNode call(Exchange answered, String tool) {
        for (JsonNode call : answered.response().path("choices").path(0).path("message").path("tool_calls")) {
            if (tool.equals(call.path("function").path("name").asText())) {
                return call;
            }
        }
        return null;
    }

    private static String callId(Exchange answered, String tool) {
        JsonNode call = call(answered, tool);
        return call == null ? null : call.path("id").asText();
    }

    private static JsonNode arguments(Exchange answered, String tool) {
        try {
            return JSON.readTree(call(answered, tool).path("function").path("arguments").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the stand-in's own tool call arguments are not JSON", e);
        }
    }

    @Given("the {string} tool fails once with {int}, then answers")
    public void failsOnceThenAnswers(String tool, int status) {
        fixtures.scriptTool(created.project(), tool, List.of(Answer.httpStatus(status),
                Answer.json("{\"result\": \"" + tool + " answered on the second try\"}")));
    }
}
