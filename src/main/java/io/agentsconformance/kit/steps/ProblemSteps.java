package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.refusal.Refusals;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Requests about things that do not exist, or that the target must refuse for what they ask,
 * and what a refusal must say (see {@link Refusals}): the reason, and nothing created.
 */
public final class ProblemSteps {

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;
    private final Fixtures fixtures;
    private final Refusals refusals;

    public ProblemSteps(Scene scene, Created created, Exchanges exchanges, Fixtures fixtures, Refusals refusals) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
        this.fixtures = fixtures;
        this.refusals = refusals;
    }

    @When("{actor} reads a run that does not exist")
    public void readsAMissingRun(Actor actor) {
        exchanges.lastCall(actor.api().getRun(created.project().id(), exchanges.inventId("run")));
    }

    @When("{actor} lists the steps of a run that does not exist")
    public void listsStepsOfAMissingRun(Actor actor) {
        exchanges.lastCall(actor.api().listSteps(created.project().id(), exchanges.inventId("run"), java.util.Map.of()));
    }

    @When("{actor} reads the node states of a run that does not exist")
    public void readsNodeStatesOfAMissingRun(Actor actor) {
        exchanges.lastCall(actor.api().listNodeStates(created.project().id(), exchanges.inventId("run")));
    }

    @When("{actor} lists the messages of a run that does not exist")
    public void listsMessagesOfAMissingRun(Actor actor) {
        exchanges.lastCall(actor.api().listMessages(created.project().id(), exchanges.inventId("run"), java.util.Map.of()));
    }

    @When("{actor} asks a run that does not exist {string}")
    public void asksAMissingRun(Actor actor, String content) {
        exchanges.lastCall(actor.api().appendMessage(created.project().id(), exchanges.inventId("run"), Map.of("content", content)));
    }

    @When("{actor} cancels a run that does not exist")
    public void cancelsAMissingRun(Actor actor) {
        exchanges.lastCall(actor.api().cancelRun(created.project().id(), exchanges.inventId("run")));
    }

    @When("{actor} reads an agent profile that does not exist")
    public void readsAMissingProfile(Actor actor) {
        exchanges.lastCall(actor.api().getAgentProfile(exchanges.inventId("agent")));
    }

    @When("{actor} reads the run through her second project")
    public void readsThroughSecondProject(Actor actor) {
        exchanges.lastCall(actor.api().getRun(created.project("second").id(), created.run().id()));
    }

    @When("{actor} starts a run of a workflow that does not exist")
    public void startsARunOfAMissingWorkflow(Actor actor) {
        String missing = exchanges.inventId("wf");
        exchanges.lastCall(actor.api().startRun(created.project().id(),
                Map.of("workflowId", missing, "inputQuery", RunSteps.DEFAULT_QUERY)));
    }

    @When("{actor} starts a run of {string} with the context item {string} and one that does not exist")
    public void startsARunWithAMissingContextItem(Actor actor, String workflow, String item) {
        String missing = exchanges.inventId("ctx");
        fixtures.requestRun(created.workflow(workflow), RunSteps.DEFAULT_QUERY,
                List.of(created.contextItem(item).id(), missing));
    }

    @When("{actor} starts a run of {string} with an empty query")
    public void startsARunWithAnEmptyQuery(Actor actor, String workflow) {
        fixtures.requestRun(created.workflow(workflow), "", List.of());
    }

    @Then("she is told {string}")
    public void isToldNotFound(String phrase) {
        refused(exchanges.lastCall(), "a request about something that does not exist, or is not hers", new int[] {404}, new int[] {404}, phrase);
    }

    @Then("the start is refused as not found, naming the missing workflow")
    public void refusedAsWorkflowNotFound() {
        refused(exchanges.lastCall(), "starting a run of a missing workflow", new int[] {404}, new int[] {404, 400},
                exchanges.inventedId());
    }

    @Then("a new run of {string} is refused as not found, naming the deleted workflow")
    public void newRunOfDeletedWorkflowRefused(String workflow) {
        WorkflowRef deleted = created.workflow(workflow);
        Call call = deleted.project().owner().api().startRun(deleted.project().id(),
                Map.of("workflowId", deleted.id(), "inputQuery", RunSteps.DEFAULT_QUERY));
        refused(call, "starting a run of a deleted workflow", new int[] {404}, new int[] {404, 400}, deleted.id());
    }

    @Then("the start is refused as a bad request naming the missing context item")
    public void refusedAsMissingContextItem() {
        refused(exchanges.lastCall(), "starting a run with a missing context item", new int[] {400}, new int[] {400},
                exchanges.inventedId());
    }

    @Then("the start is refused as a bad request saying the query is required")
    public void refusedAsEmptyQuery() {
        Call call = exchanges.lastCall();
        if (call.status() == 201 && !scene.config().strict()) {
            // The seed leaves this open ("400 or allowed"); at the lenient level a target may allow it.
            created.addRun(new RunRef("accepted with an empty query", call.text("$.id"), created.project(),
                    created.workflow(workflow(call)), ""));
            Evidence.text("accepted alternative", "The target accepted an empty inputQuery (201). The lenient level"
                    + " accepts this (API-2.5: '400, or allowed'); the strict level requires 400.");
            return;
        }
        refusals.refusedSaying(call, "starting a run with an empty inputQuery", new int[] {400}, new int[] {400},
                List.of("inputQuery", "required"));
    }

    @Then("{actor}'s project has no runs")
    public void projectHasNoRuns(Actor actor) {
        Call page = actor.api().listRuns(created.project().id(), Map.of());
        scene.expect().status("listing runs after the refusal", page, 200);
        Set<String> listed = new TreeSet<>();
        page.at("$.items").forEach(item -> listed.add(item.path("id").asText()));
        // Only a run the target was allowed to accept (lenient API-2.5) may be there.
        Set<String> accepted = new TreeSet<>();
        created.runs().forEach(run -> accepted.add(run.id()));
        scene.expect().equal("runs in the project after a refused start ($.items[].id)", accepted, listed, page);
    }

    private String workflow(Call call) {
        String id = call.text("$.workflowId");
        return created.workflowNamed(id);
    }

    private void refused(Call call, String what, int[] preferred, int[] accepted, String phrase) {
        refusals.refused(call, what, preferred, accepted, phrase);
    }
}
