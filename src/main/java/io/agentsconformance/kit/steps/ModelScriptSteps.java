package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;
import java.util.Map;

/**
 * The model as the kit plays it: what the target asked it. These checks read the stand-in's
 * request journal, the only view the kit has of what happens inside the target.
 */
public final class ModelScriptSteps {

    private final Scene scene;
    private final Created created;
    private final Fixtures fixtures;
    private final Waits waits;

    public ModelScriptSteps(Scene scene, Created created, Fixtures fixtures, Waits waits) {
        this.scene = scene;
        this.created = created;
        this.fixtures = fixtures;
        this.waits = waits;
    }

    // --- what the model answers -------------------------------------------------------------

    @Given("the model answers the {word} agent with {string}")
    public void modelAnswers(String agent, String answer) {
        List<Answer> script = created.modelScript(agent);
        script.clear();
        script.add(Answer.text(answer));
        fixtures.scriptModel(created.project(), agent, script);
    }

    @Given("the model answers the {word} agent with {string} and then {string}")
    public void modelAnswersTwice(String agent, String first, String second) {
        script(agent, Answer.text(first), Answer.text(second));
    }

    @Given("the model answers the {word} agent with {string}, {string} and {string}")
    public void modelAnswersThrice(String agent, String first, String second, String third) {
        script(agent, Answer.text(first), Answer.text(second), Answer.text(third));
    }

    @Given("the model answers the {word} agent with {string} and then, when allowed, {string}")
    public void modelAnswersThenWaits(String agent, String first, String second) {
        script(agent, Answer.text(first), held(agent, Answer.text(second)));
    }

    @Given("the model answers the {word} agent with {string}, when allowed")
    public void modelAnswersWhenAllowed(String agent, String answer) {
        script(agent, held(agent, Answer.text(answer)));
    }

    /** Tool calls and their results are agent messages too: a filter on the answers must leave them out. */
    @Given("the {word} agent consults the {string} tool once, then answers {string} and then {string}")
    public void consultsThenAnswersTwice(String agent, String tool, String first, String second) {
        Answer consult = Answer.toolCalls(List.of(new Answer.ToolCall(tool, Map.of("query", agent + " question 1"))));
        script(agent, consult, Answer.text(first), Answer.text(second));
    }

    @Given("the {word} agent is working on it")
    public void agentIsWorkingOnIt(String agent) {
        waits.untilThinking(created.run(), agent);
    }

    @When("the {word} agent is allowed to answer")
    public void agentIsAllowedToAnswer(String agent) {
        scene.standIns().release(scene.gate(agent));
    }

    private void script(String agent, Answer... answers) {
        List<Answer> script = created.modelScript(agent);
        script.clear();
        script.addAll(List.of(answers));
        fixtures.scriptModel(created.project(), agent, script);
    }

    // --- how the model misbehaves (one vocabulary with the tools': kit/standin/Answer) ------------

    @Given("the model fails the {word} agent {int} time(s) with {int}, then answers {string}")
    public void failsThenAnswers(String agent, int times, int status, String answer) {
        List<Answer> script = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            script.add(Answer.httpStatus(status));
        }
        script.add(Answer.text(answer));
        script(agent, script.toArray(Answer[]::new));
    }

    /** The last answer of a script repeats: every attempt gets it. */
    @Given("the model keeps failing the {word} agent with {int}")
    public void keepsFailing(String agent, int status) {
        script(agent, Answer.httpStatus(status));
    }

    @Given("the model answers the {word} agent with {misbehaviour}, every time")
    public void answersWithMisbehaviour(String agent, Answer misbehaviour) {
        script(agent, misbehaviour);
    }

    /**
     * The answer comes 5 s late, ten times any timeout the scenarios give: a target that ignored
     * its node's timeout would get it and complete the run.
     */
    @Given("the model never answers the {word} agent in time")
    public void neverInTime(String agent) {
        script(agent, Answer.text("Too late to matter").after(java.time.Duration.ofSeconds(5)));
    }

    @Given("the model rate-limits the {word} agent {int} time(s), asking to wait {int} ms by {retryHeader}, then answers {string}")
    public void rateLimitsThenAnswers(String agent, int times, int waitMs, RetryHeader header, String answer) {
        List<Answer> script = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            script.add(header.tooManyRequests(waitMs));
        }
        script.add(Answer.text(answer));
        script(agent, script.toArray(Answer[]::new));
    }

    @Given("the model keeps rate-limiting the {word} agent, asking to wait {int} ms by {retryHeader}")
    public void keepsRateLimiting(String agent, int waitMs, RetryHeader header) {
        script(agent, header.tooManyRequests(waitMs));
    }

    /** How a 429 says how long to wait (spec/llm-and-tools.md). */
    public enum RetryHeader {
        RETRY_AFTER, RETRY_AFTER_MS;

        Answer tooManyRequests(int waitMs) {
            if (this == RETRY_AFTER) {
                // delay-seconds is a whole number (RFC 9110, 10.2.3)
                if (waitMs % 1000 != 0) {
                    throw new IllegalArgumentException("Retry-After takes whole seconds; the scenario asked for " + waitMs + " ms");
                }
                return Answer.httpStatus(429, Map.of("Retry-After", Integer.toString(waitMs / 1000)));
            }
            return Answer.httpStatus(429, Map.of("retry-after-ms", Integer.toString(waitMs)));
        }
    }

    @Then("the {word} agent was never asked")
    public void neverAsked(String node) {
        RunRef run = created.run();
        List<Exchange> requests = modelRequests(created.journal(), run, node);
        scene.expect().equalSeen("model requests of node '" + node + "' in run '" + run.alias() + "'", 0,
                requests.size(), requests.stream().map(e -> e.at() + " attempt " + e.attempt()).toList().toString());
    }

    /** Held at the agent's gate: the run stays busy until the scenario lets the agent answer. */
    private Answer held(String agent, Answer then) {
        return Answer.heldUntilReleased(scene.gate(agent), scene.config().runTimeout().multipliedBy(2), then);
    }

    // --- what the model was asked -----------------------------------------------------------

    @Then("the {word} agent was last asked {string}, after the whole conversation so far")
    public void agentWasLastAsked(String node, String followUp) {
        RunRef run = created.run();
        Exchange last = lastModelRequest(run, node);
        JsonNode messages = last.body().path("messages");
        JsonNode lastMessage = messages.path(messages.size() - 1);
        scene.expect().equal("role of the last message of the last model request of node '" + node + "'", "user",
                lastMessage.path("role").asText(), null);
        scene.expect().that(lastMessage.path("content").toString().contains(followUp),
                "content of the last message of the last model request", "the follow-up \"" + followUp + "\"",
                lastMessage.path("content"), null);
        String conversation = last.allMessageText();
        scene.expect().that(conversation.contains(run.query()), "messages of the last model request",
                "the run's query \"" + run.query() + "\" before the follow-up", messages, null);
        Call firstAnswer = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("type", "assistant"));
        String answered = firstAnswer.text("$.items[0].content");
        scene.expect().that(answered != null && conversation.contains(answered), "messages of the last model request",
                "the agent's first answer \"" + answered + "\" before the follow-up", messages, firstAnswer);
    }

    @Then("the {word} agent is given the content of {string} and {string} with the message")
    public void agentIsGivenContentWithTheMessage(String node, String first, String second) {
        Exchange last = lastModelRequest(created.run(), node);
        for (String item : List.of(first, second)) {
            String content = created.contextItem(item).content();
            scene.expect().that(last.allMessageText().contains(content),
                    "messages of the model request that answers the message",
                    "the content of context item '" + item + "': \"" + content + "\"",
                    last.body().path("messages"), null);
        }
    }

    private Exchange lastModelRequest(RunRef run, String node) {
        List<Exchange> requests = modelRequests(created.journal(), run, node);
        scene.expect().that(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", "none",
                (Call) null);
        return requests.stream().max(java.util.Comparator.comparingInt(Exchange::conversationLength)).orElseThrow();
    }

    @Then("the {word} agent is given the content of {string} and {string}")
    public void agentIsGivenContent(String node, String first, String second) {
        RunRef run = created.run();
        Journal journal = waits.untilJournal("a model request of node '" + node + "' in run '" + run.alias() + "'",
                j -> !modelRequests(j, run, node).isEmpty(), run);
        Exchange request = modelRequests(journal, run, node).get(0);
        for (String item : List.of(first, second)) {
            String content = created.contextItem(item).content();
            scene.expect().that(request.allMessageText().contains(content),
                    "messages of the first model request of node '" + node + "'",
                    "the content of context item '" + item + "': \"" + content + "\"",
                    request.body().path("messages"), null);
        }
    }

    @Then("the {word} agent was asked once, with the query {string}")
    public void agentWasAskedOnce(String node, String query) {
        RunRef run = created.run();
        List<Exchange> requests = created.journal().forRun(run.id());
        scene.expect().equal("number of model and tool requests of run '" + run.alias() + "'", 1, requests.size(),
                null);
        Exchange request = requests.get(0);
        scene.expect().equal("X-Agents-Node-Id of the model request", node, request.nodeId(), null);
        scene.expect().equal("X-Agents-Workflow-Id of the model request", run.workflow().id(), request.workflowId(), null);
        scene.expect().equal("X-Agents-Project-Id of the model request", run.project().id(), request.projectId(), null);
        scene.expect().equal("$.model of the model request", Fixtures.DEFAULT_MODEL, request.model(), null);
        scene.expect().that(request.allMessageText().contains(query), "messages of the model request",
                "the run's query \"" + query + "\"", request.body().path("messages"), null);
    }

    /**
     * MA-02: the k-th turn's request holds, in this order, every earlier question and the answer
     * the stand-in gave it, then the k-th question; the questions are the run's query and the
     * user messages of the run, oldest first.
     */
    @Then("each of the {word} agent's requests carried every earlier question and answer, in order")
    public void eachTurnCarriesTheEarlierTurns(String node) {
        RunRef run = created.run();
        List<Exchange> requests = modelRequests(created.journal(), run, node);
        Call users = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("role", "user"));
        scene.expect().status("listing the user messages of the run", users, 200);
        List<String> questions = new java.util.ArrayList<>();
        users.at("$.items").forEach(m -> questions.add(m.path("content").asText()));
        scene.expect().equalSeen("model requests of node '" + node + "' (one per turn)", questions.size(),
                requests.size(), AttemptSteps.describe(requests));
        List<String> expected = new java.util.ArrayList<>();
        for (int turn = 0; turn < requests.size(); turn++) {
            expected.add(questions.get(turn));
            Exchange request = requests.get(turn);
            JsonNode messages = request.body().path("messages");
            int at = -1;
            for (String text : expected) {
                int found = -1;
                for (int i = at + 1; i < messages.size() && found < 0; i++) {
                    if (messages.get(i).path("content").toString().contains(text)) {
                        found = i;
                    }
                }
                scene.expect().thatSeen(found > at, "messages of turn " + (turn + 1) + "'s model request of node '"
                                + node + "'", "in order: " + expected, "\"" + text + "\" missing after message " + at,
                        messages.toString());
                at = found;
            }
            expected.add(request.response().path("choices").path(0).path("message").path("content").asText());
        }
    }

    /** One system message, first: the profile's instructions followed by the node's (spec/llm-and-tools.md). */
    @Then("every request of the {word} agent opens with one system message: the profile's instructions, then {string}")
    public void opensWithSystemMessage(String node, String nodeInstructions) {
        String profileInstructions = Fixtures.instructionsOf(node);
        List<Exchange> requests = modelRequests(created.journal(), created.run(), node);
        scene.expect().thatSeen(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", "none", "");
        for (Exchange request : requests) {
            JsonNode messages = request.body().path("messages");
            int systems = 0;
            for (JsonNode message : messages) {
                systems += "system".equals(message.path("role").asText()) ? 1 : 0;
            }
            String what = "messages of the model request of node '" + node + "'";
            scene.expect().thatSeen(systems == 1 && "system".equals(messages.path(0).path("role").asText()), what,
                    "one system message, the first", systems + " system message(s), the first a "
                            + messages.path(0).path("role").asText(), messages.toString());
            String system = messages.path(0).path("content").asText();
            int profileAt = system.indexOf(profileInstructions);
            int nodeAt = system.indexOf(nodeInstructions);
            scene.expect().thatSeen(profileAt >= 0 && nodeAt > profileAt, "content of the system message of node '" + node + "'",
                    "\"" + profileInstructions + "\" then \"" + nodeInstructions + "\"", system, messages.toString());
        }
    }

    @Then("every request of the {word} agent offers the {string} tool as a function, with its description and parameters")
    public void offersTheTool(String node, String tool) {
        Map<String, Object> definition = fixtures.toolDefinition(created.project(), tool);
        JsonNode expected = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "name", tool, "description", definition.get("description"), "parameters", definition.get("parameters")));
        List<Exchange> requests = modelRequests(created.journal(), created.run(), node);
        for (Exchange request : requests) {
            JsonNode tools = request.body().path("tools");
            boolean offered = false;
            for (JsonNode offer : tools) {
                JsonNode function = offer.path("function");
                offered |= "function".equals(offer.path("type").asText())
                        && tool.equals(function.path("name").asText())
                        && expected.path("description").equals(function.path("description"))
                        && expected.path("parameters").equals(function.path("parameters"));
            }
            scene.expect().thatSeen(offered, "$.tools of the model request of node '" + node + "'",
                    "{\"type\": \"function\", \"function\": " + expected + "}", tools, request.body().toString());
        }
    }

    @Then("the {word} agent made {int} model calls")
    public void madeModelCalls(String node, int calls) {
        List<Exchange> requests = modelRequests(created.journal(), created.run(), node);
        scene.expect().equalSeen("model requests of node '" + node + "'", calls, requests.size(),
                AttemptSteps.describe(requests));
    }

    @Then("the run's output summary is the {word} agent's answer, a blank line, then the {word} agent's")
    public void outputSummaryJoinsBoth(String first, String second) {
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.outputSummary", finalAnswer(run, first) + "\n\n" + finalAnswer(run, second));
    }

    /** The second request carries a tool message for the first answer's call, with some text: no tool ran. */
    @Then("the {word} agent's second request answers that call with an error text under its tool call id")
    public void secondRequestAnswersWithAnError(String node) {
        List<Exchange> requests = modelRequests(created.journal(), created.run(), node);
        scene.expect().thatSeen(requests.size() >= 2, "model requests of node '" + node + "'", "at least two",
                requests.size(), AttemptSteps.describe(requests));
        String id = requests.get(0).toolCallIdsAnswered().get(0);
        JsonNode messages = requests.get(1).body().path("messages");
        String content = null;
        for (JsonNode message : messages) {
            if ("tool".equals(message.path("role").asText()) && id.equals(message.path("tool_call_id").asText())) {
                content = message.path("content").isTextual() ? message.path("content").asText() : message.path("content").toString();
            }
        }
        scene.expect().thatSeen(content != null && !content.isBlank(), "the tool message for call " + id
                + " in the second request of node '" + node + "'", "a text saying the call could not be made",
                content, messages.toString());
    }

    @Then("every request of the {word} agent asked for the model {string}")
    public void everyRequestAskedFor(String node, String model) {
        List<Exchange> requests = modelRequests(created.journal(), created.run(), node);
        scene.expect().thatSeen(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", "none",
                AttemptSteps.describe(requests));
        for (Exchange request : requests) {
            scene.expect().equalSeen("$.model of the model request of node '" + node + "' (attempt "
                    + request.attempt() + ")", model, request.model(), AttemptSteps.describe(requests));
        }
    }

    /** A node's output is handed to the nodes that depend on it (spec/llm-and-tools.md, the model request). */
    @Then("the {word} agent is given what the {word} agent answered")
    public void isGivenWhatWasAnswered(String node, String upstream) {
        givenOutputs(node, List.of(upstream));
    }

    @Then("the {word} and the {word} agent are each given what the {word} agent answered")
    public void eachIsGivenWhatWasAnswered(String first, String second, String upstream) {
        givenOutputs(first, List.of(upstream));
        givenOutputs(second, List.of(upstream));
    }

    @Then("the {word} agent is given what the {word} and the {word} agent answered")
    public void isGivenWhatBothAnswered(String node, String first, String second) {
        givenOutputs(node, List.of(first, second));
    }

    @Then("the run's output summary is what the {word} agent answered")
    public void outputSummaryIsWhatWasAnswered(String node) {
        RunRef run = created.run();
        String answered = finalAnswer(run, node);
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.outputSummary", answered);
    }

    private void givenOutputs(String node, List<String> upstreams) {
        RunRef run = created.run();
        List<Exchange> requests = modelRequests(created.journal(), run, node);
        scene.expect().thatSeen(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", "none",
                AttemptSteps.describe(created.journal().forRun(run.id())));
        String sent = requests.get(0).allMessageText();
        for (String upstream : upstreams) {
            String answered = finalAnswer(run, upstream);
            scene.expect().thatSeen(sent.contains(answered), "messages of the first model request of node '" + node + "'",
                    "the answer of node '" + upstream + "': \"" + answered + "\"", requests.get(0).body().path("messages"),
                    requests.get(0).body().toString());
        }
    }

    /** What the stand-in last answered the node with a text: its output. */
    private String finalAnswer(RunRef run, String node) {
        List<Exchange> requests = modelRequests(created.journal(), run, node);
        for (int i = requests.size() - 1; i >= 0; i--) {
            JsonNode content = requests.get(i).response().path("choices").path(0).path("message").path("content");
            if (content.isTextual() && !content.asText().isBlank()) {
                return content.asText();
            }
        }
        throw scene.expect().failure("answers the model stand-in gave node '" + node + "'", "a text answer", "none",
                AttemptSteps.describe(requests));
    }

    private static List<Exchange> modelRequests(Journal journal, RunRef run, String node) {
        return journal.modelRequests(run.id(), node);
    }
}
