package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.steps.World.RunRef;
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

    private final World world;
    private final Fixtures fixtures;
    private final Refusals refusals;

    public ProblemSteps(World world, Fixtures fixtures, Refusals refusals) {
        this.world = world;
        this.fixtures = fixtures;
        this.refusals = refusals;
    }

    @When("{actor} reads a run that does not exist")
    public void readsAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().getRun(world.project().id(), world.inventId("run")));
    }

    @When("{actor} lists the steps of a run that does not exist")
    public void listsStepsOfAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().listSteps(world.project().id(), world.inventId("run"), java.util.Map.of()));
    }

    @When("{actor} reads the node states of a run that does not exist")
    public void readsNodeStatesOfAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().listNodeStates(world.project().id(), world.inventId("run")));
    }

    @When("{actor} lists the messages of a run that does not exist")
    public void listsMessagesOfAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().listMessages(world.project().id(), world.inventId("run"), java.util.Map.of()));
    }

    @When("{actor} asks a run that does not exist {string}")
    public void asksAMissingRun(World.Actor actor, String content) {
        world.lastCall(actor.api().appendMessage(world.project().id(), world.inventId("run"), Map.of("content", content)));
    }

    @When("{actor} cancels a run that does not exist")
    public void cancelsAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().cancelRun(world.project().id(), world.inventId("run")));
    }

    @When("{actor} reads an agent profile that does not exist")
    public void readsAMissingProfile(World.Actor actor) {
        world.lastCall(actor.api().getAgentProfile(world.inventId("agent")));
    }

    @When("{actor} reads the run through her second project")
    public void readsThroughSecondProject(World.Actor actor) {
        world.lastCall(actor.api().getRun(world.project("second").id(), world.run().id()));
    }

    @When("{actor} starts a run of a workflow that does not exist")
    public void startsARunOfAMissingWorkflow(World.Actor actor) {
        String missing = world.inventId("wf");
        world.lastCall(actor.api().startRun(world.project().id(),
                Map.of("workflowId", missing, "inputQuery", RunSteps.DEFAULT_QUERY)));
    }

    @When("{actor} starts a run of {string} with the context item {string} and one that does not exist")
    public void startsARunWithAMissingContextItem(World.Actor actor, String workflow, String item) {
        String missing = world.inventId("ctx");
        fixtures.requestRun(world.workflow(workflow), RunSteps.DEFAULT_QUERY,
                List.of(world.contextItem(item).id(), missing));
    }

    @When("{actor} starts a run of {string} with an empty query")
    public void startsARunWithAnEmptyQuery(World.Actor actor, String workflow) {
        fixtures.requestRun(world.workflow(workflow), "", List.of());
    }

    @Then("she is told {string}")
    public void isToldNotFound(String phrase) {
        refused(world.lastCall(), "a request about something that does not exist, or is not hers", new int[] {404}, new int[] {404}, phrase);
    }

    @Then("the start is refused as not found, naming the missing workflow")
    public void refusedAsWorkflowNotFound() {
        refused(world.lastCall(), "starting a run of a missing workflow", new int[] {404}, new int[] {404, 400},
                world.inventedId());
    }

    @Then("a new run of {string} is refused as not found, naming the deleted workflow")
    public void newRunOfDeletedWorkflowRefused(String workflow) {
        World.WorkflowRef deleted = world.workflow(workflow);
        Call call = deleted.project().owner().api().startRun(deleted.project().id(),
                Map.of("workflowId", deleted.id(), "inputQuery", RunSteps.DEFAULT_QUERY));
        refused(call, "starting a run of a deleted workflow", new int[] {404}, new int[] {404, 400}, deleted.id());
    }

    @Then("the start is refused as a bad request naming the missing context item")
    public void refusedAsMissingContextItem() {
        refused(world.lastCall(), "starting a run with a missing context item", new int[] {400}, new int[] {400},
                world.inventedId());
    }

    @Then("the start is refused as a bad request saying the query is required")
    public void refusedAsEmptyQuery() {
        Call call = world.lastCall();
        if (call.status() == 201 && !world.config().strict()) {
            // The seed leaves this open ("400 or allowed"); at the lenient level a target may allow it.
            world.addRun(new RunRef("accepted with an empty query", call.text("$.id"), world.project(),
                    world.workflow(workflow(call)), ""));
            Evidence.text("accepted alternative", "The target accepted an empty inputQuery (201). The lenient level"
                    + " accepts this (API-2.5: '400, or allowed'); the strict level requires 400.");
            return;
        }
        refusals.refusedSaying(call, "starting a run with an empty inputQuery", new int[] {400}, new int[] {400},
                List.of("inputQuery", "required"));
    }

    @Then("{actor}'s project has no runs")
    public void projectHasNoRuns(World.Actor actor) {
        Call page = actor.api().listRuns(world.project().id(), Map.of());
        world.expect().status("listing runs after the refusal", page, 200);
        Set<String> listed = new TreeSet<>();
        page.at("$.items").forEach(item -> listed.add(item.path("id").asText()));
        // Only a run the target was allowed to accept (lenient API-2.5) may be there.
        Set<String> accepted = new TreeSet<>();
        world.runs().forEach(run -> accepted.add(run.id()));
        world.expect().equal("runs in the project after a refused start ($.items[].id)", accepted, listed, page);
    }

    private String workflow(Call call) {
        String id = call.text("$.workflowId");
        return world.workflowNamed(id);
    }

    private void refused(Call call, String what, int[] preferred, int[] accepted, String phrase) {
        refusals.refused(call, what, preferred, accepted, phrase);
    }
}
