package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.steps.World.RunRef;
import io.agentsconformance.kit.standin.Answer;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import java.util.List;

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

    // --- what the model was asked -----------------------------------------------------------

    @Then("the {word} agent is given the content of {string} and {string}")
    public void agentIsGivenContent(String node, String first, String second) {
        RunRef run = world.run();
        Journal journal = waits.untilJournal("a model request of node '" + node + "' in run '" + run.alias() + "'",
                j -> !modelRequests(j, run, node).isEmpty());
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
