package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An agent asks the user a question (WF-04, spec/llm-and-tools.md, "Asking the user"): the run
 * waits as INPUT_REQUIRED showing the question, the user's next message answers it, and the answer
 * goes back to the model as the result of the question's {@code ask_user} call.
 */
public final class ClarificationSteps {

    static final String ASK_USER = "ask_user";

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;
    private final Waits waits;
    /** The question the run was seen waiting on: its node and the id of its ask_user call. */
    private String askingNode;
    private String questionCallId;
    private Call answered;

    public ClarificationSteps(Scene scene, Created created, Exchanges exchanges, Waits waits) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
        this.waits = waits;
    }

    @Then("the run waits for input, asking {string} for the {word} agent")
    public void waitsForInput(String question, String node) {
        RunRef run = created.run();
        Call read = waits.untilStatus(run, Set.of("INPUT_REQUIRED"));
        String callId = questionCallId(run, node);
        scene.expect().field(read, "$.inputRequired.question", question);
        scene.expect().field(read, "$.inputRequired.nodeId", node);
        scene.expect().field(read, "$.inputRequired.toolCallId", callId);
        scene.expect().field(read, "$.finishedAt", null);
        Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of("limit", 100));
        JsonNode step = stepOf(steps, callId);
        scene.expect().that(step != null, "$.items of the run's steps",
                "a TOOL step named ask_user with toolCallId " + callId, steps.at("$.items"), steps);
        scene.expect().equal("status of the step of question " + callId + " while the run waits", "RUNNING",
                step.path("status").asText(), steps);
        askingNode = node;
        questionCallId = callId;
    }

    /** The quiet period of spec/llm-and-tools.md, "Timing the kit allows": nothing is asked while the user thinks. */
    @Then("nothing more is asked of the model or the tools while the run waits")
    public void nothingAskedWhileWaiting() {
        RunRef run = created.run();
        Instant from = Instant.now();
        waits.quietFor("model or tool requests of run '" + run.alias() + "' while it waits for the user's answer",
                e -> run.id().equals(e.runId()) && e.at().isAfter(from));
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "INPUT_REQUIRED");
    }

    @When("{actor} answers {string}")
    public void answers(Actor actor, String answer) {
        RunRef run = created.run();
        answered = actor.api().appendMessage(run.project().id(), run.id(), Map.of("content", answer));
        scene.expect().status("answering the question of run '" + run.alias() + "'", answered, 201);
        exchanges.lastCall(answered);
    }

    /** The answer is the user's message for the question, the question step's output and the call's result. */
    @Then("her answer {string} is recorded as the answer to the question")
    public void answerIsRecorded(String answer) {
        RunRef run = created.run();
        scene.expect().field(answered, "$.role", "user");
        scene.expect().field(answered, "$.content", answer);
        scene.expect().field(answered, "$.nodeId", askingNode);
        scene.expect().field(answered, "$.toolCallId", questionCallId);
        Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of("limit", 100));
        JsonNode step = stepOf(steps, questionCallId);
        scene.expect().that(step != null && "COMPLETED".equals(step.path("status").asText())
                        && answer.equals(step.path("output").asText()),
                "the step of question " + questionCallId, "COMPLETED with the output \"" + answer + "\"", step, steps);
        Call results = run.project().owner().api().listMessages(run.project().id(), run.id(),
                Map.of("type", "tool_result", "limit", 100));
        boolean recorded = false;
        for (JsonNode message : results.at("$.items")) {
            recorded |= questionCallId.equals(message.path("toolCallId").asText())
                    && answer.equals(message.path("content").asText());
        }
        scene.expect().that(recorded, "$.items of the run's tool_result messages",
                "one for call " + questionCallId + " with the content \"" + answer + "\"", results.at("$.items"), results);
    }

    /** The request after the question carries the ask_user call and a tool message with the answer under its id. */
    @Then("the {word} agent's next request gives {string} back under the tool call id of its question")
    public void answerGoesBackToTheModel(String node, String answer) {
        List<Exchange> requests = created.journal().modelRequests(created.run().id(), node);
        int asking = askingRequest(requests);
        scene.expect().thatSeen(asking >= 0 && asking + 1 < requests.size(), "model requests of node '" + node + "'",
                "the one answered with the ask_user call, then the next", requests.size() + " requests",
                AttemptSteps.describe(requests));
        String id = requests.get(asking).toolCallIdsAnswered().get(0);
        JsonNode messages = requests.get(asking + 1).body().path("messages");
        boolean asked = false;
        JsonNode toolMessage = null;
        for (JsonNode message : messages) {
            for (JsonNode call : message.path("tool_calls")) {
                asked |= "assistant".equals(message.path("role").asText()) && id.equals(call.path("id").asText());
            }
            if ("tool".equals(message.path("role").asText()) && id.equals(message.path("tool_call_id").asText())) {
                toolMessage = message;
            }
        }
        scene.expect().thatSeen(asked, "messages of the request after the question",
                "the assistant message calling ask_user with id " + id, messages, messages.toString());
        scene.expect().thatSeen(toolMessage != null && answer.equals(toolMessage.path("content").asText()),
                "messages of the request after the question",
                "a tool message with tool_call_id " + id + " and the content \"" + answer + "\"",
                toolMessage == null ? "no tool message for " + id : toolMessage.toString(), messages.toString());
    }

    @Then("every request of the {word} agent offers the ask_user tool, taking a question")
    public void offersAskUser(String node) {
        List<Exchange> requests = created.journal().modelRequests(created.run().id(), node);
        scene.expect().thatSeen(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", 0, "");
        for (Exchange request : requests) {
            JsonNode tools = request.body().path("tools");
            boolean offered = false;
            for (JsonNode offer : tools) {
                JsonNode function = offer.path("function");
                offered |= "function".equals(offer.path("type").asText()) && ASK_USER.equals(function.path("name").asText())
                        && "string".equals(function.path("parameters").path("properties").path("question").path("type").asText());
            }
            scene.expect().thatSeen(offered, "$.tools of the model request of node '" + node + "'",
                    "a function ask_user whose parameters have a string property question", tools, request.body().toString());
        }
    }

    @Then("the question's step is CANCELLED")
    public void questionStepCancelled() {
        RunRef run = created.run();
        Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of("limit", 100));
        JsonNode step = stepOf(steps, questionCallId);
        scene.expect().that(step != null && "CANCELLED".equals(step.path("status").asText()),
                "the step of question " + questionCallId + " after the cancel", "CANCELLED", step, steps);
    }

    /** The id of the ask_user call the stand-in answered the node's model with. */
    private String questionCallId(RunRef run, String node) {
        List<Exchange> requests = created.journal().modelRequests(run.id(), node);
        int asking = askingRequest(requests);
        scene.expect().thatSeen(asking >= 0, "model requests of node '" + node + "'",
                "one answered with an ask_user call", requests.size() + " requests", AttemptSteps.describe(requests));
        return requests.get(asking).toolCallIdsAnswered().get(0);
    }

    private static int askingRequest(List<Exchange> requests) {
        for (int i = 0; i < requests.size(); i++) {
            JsonNode calls = requests.get(i).response().path("choices").path(0).path("message").path("tool_calls");
            if (calls.size() > 0 && ASK_USER.equals(calls.path(0).path("function").path("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode stepOf(Call steps, String callId) {
        for (JsonNode step : steps.at("$.items")) {
            if ("TOOL".equals(step.path("kind").asText()) && ASK_USER.equals(step.path("name").asText())
                    && callId.equals(step.path("toolCallId").asText())) {
                return step;
            }
        }
        return null;
    }
}
