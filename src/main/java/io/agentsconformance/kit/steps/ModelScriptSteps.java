package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Answer;
import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.steps.World.RunRef;
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

    private final World world;
    private final Fixtures fixtures;
    private final Waits waits;

    public ModelScriptSteps(World world, Fixtures fixtures, Waits waits) {
        this.world = world;
        this.fixtures = fixtures;
        this.waits = waits;
    }

    // --- what the model answers -------------------------------------------------------------

    @Given("the model answers the {word} agent with {string}")
    public void modelAnswers(String agent, String answer) {
        List<Answer> script = world.modelScript(agent);
        script.clear();
        script.add(Answer.text(answer));
        fixtures.scriptModel(world.project(), agent, script);
    }

    @Given("the model answers the {word} agent with {string} and then {string}")
    public void modelAnswersTwice(String agent, String first, String second) {
        script(agent, Answer.text(first), Answer.text(second));
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
        waits.untilThinking(world.run(), agent);
    }

    @When("the {word} agent is allowed to answer")
    public void agentIsAllowedToAnswer(String agent) {
        world.standIns().release(world.gate(agent));
    }

    private void script(String agent, Answer... answers) {
        List<Answer> script = world.modelScript(agent);
        script.clear();
        script.addAll(List.of(answers));
        fixtures.scriptModel(world.project(), agent, script);
    }

    /** Held at the agent's gate: the run stays busy until the scenario lets the agent answer. */
    private Answer held(String agent, Answer then) {
        return Answer.heldUntilReleased(world.gate(agent), world.config().runTimeout().multipliedBy(2), then);
    }

    // --- what the model was asked -----------------------------------------------------------

    @Then("the {word} agent was last asked {string}, after the whole conversation so far")
    public void agentWasLastAsked(String node, String followUp) {
        RunRef run = world.run();
        Exchange last = lastModelRequest(run, node);
        JsonNode messages = last.body().path("messages");
        JsonNode lastMessage = messages.path(messages.size() - 1);
        world.expect().equal("role of the last message of the last model request of node '" + node + "'", "user",
                lastMessage.path("role").asText(), null);
        world.expect().that(lastMessage.path("content").toString().contains(followUp),
                "content of the last message of the last model request", "the follow-up \"" + followUp + "\"",
                lastMessage.path("content"), null);
        String conversation = last.allMessageText();
        world.expect().that(conversation.contains(run.query()), "messages of the last model request",
                "the run's query \"" + run.query() + "\" before the follow-up", messages, null);
        Call firstAnswer = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("type", "assistant"));
        String answered = firstAnswer.text("$.items[0].content");
        world.expect().that(answered != null && conversation.contains(answered), "messages of the last model request",
                "the agent's first answer \"" + answered + "\" before the follow-up", messages, firstAnswer);
    }

    @Then("the {word} agent is given the content of {string} and {string} with the message")
    public void agentIsGivenContentWithTheMessage(String node, String first, String second) {
        Exchange last = lastModelRequest(world.run(), node);
        for (String item : List.of(first, second)) {
            String content = world.contextItem(item).content();
            world.expect().that(last.allMessageText().contains(content),
                    "messages of the model request that answers the message",
                    "the content of context item '" + item + "': \"" + content + "\"",
                    last.body().path("messages"), null);
        }
    }

    private Exchange lastModelRequest(RunRef run, String node) {
        List<Exchange> requests = modelRequests(world.journal(), run, node);
        world.expect().that(!requests.isEmpty(), "model requests of node '" + node + "'", "at least one", "none",
                (Call) null);
        return requests.stream().max(java.util.Comparator.comparingInt(Exchange::conversationLength)).orElseThrow();
    }

    @Then("the {word} agent is given the content of {string} and {string}")
    public void agentIsGivenContent(String node, String first, String second) {
        RunRef run = world.run();
        Journal journal = waits.untilJournal("a model request of node '" + node + "' in run '" + run.alias() + "'",
                j -> !modelRequests(j, run, node).isEmpty(), run);
        Exchange request = modelRequests(journal, run, node).get(0);
        for (String item : List.of(first, second)) {
            String content = world.contextItem(item).content();
            world.expect().that(request.allMessageText().contains(content),
                    "messages of the first model request of node '" + node + "'",
                    "the content of context item '" + item + "': \"" + content + "\"",
                    request.body().path("messages"), null);
        }
    }

    @Then("the {word} agent was asked once, with the query {string}")
    public void agentWasAskedOnce(String node, String query) {
        RunRef run = world.run();
        List<Exchange> requests = world.journal().forRun(run.id());
        world.expect().equal("number of model and tool requests of run '" + run.alias() + "'", 1, requests.size(),
                null);
        Exchange request = requests.get(0);
        world.expect().equal("X-Agents-Node-Id of the model request", node, request.nodeId(), null);
        world.expect().equal("X-Agents-Workflow-Id of the model request", run.workflow().id(), request.workflowId(), null);
        world.expect().equal("X-Agents-Project-Id of the model request", run.project().id(), request.projectId(), null);
        world.expect().equal("$.model of the model request", Fixtures.DEFAULT_MODEL, request.model(), null);
        world.expect().that(request.allMessageText().contains(query), "messages of the model request",
                "the run's query \"" + query + "\"", request.body().path("messages"), null);
    }

    private static List<Exchange> modelRequests(Journal journal, RunRef run, String node) {
        return journal.select(e -> "model".equals(e.surface()) && run.id().equals(e.runId()) && node.equals(e.nodeId()));
    }
}
