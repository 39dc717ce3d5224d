package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.steps.World.RunRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Requests the target must refuse, and how it refuses them: the status (where the seed allows two,
 * either at the lenient level, the contract's preferred one at the strict level), an RFC 9457
 * problem document whose text names the reason, and nothing created.
 */
public final class ProblemSteps {

    private final World world;
    private final Fixtures fixtures;

    public ProblemSteps(World world, Fixtures fixtures) {
        this.world = world;
        this.fixtures = fixtures;
    }

    @When("{actor} reads a run that does not exist")
    public void readsAMissingRun(World.Actor actor) {
        world.lastCall(actor.api().getRun(world.project().id(), world.inventId("run")));
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
        refused(world.lastCall(), "reading a resource that is not hers to see", new int[] {404}, new int[] {404}, phrase);
    }

    @Then("the start is refused as not found, naming the missing workflow")
    public void refusedAsWorkflowNotFound() {
        refused(world.lastCall(), "starting a run of a missing workflow", new int[] {404}, new int[] {404, 400},
                world.inventedId());
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
        refused(call, "starting a run with an empty inputQuery", new int[] {400}, new int[] {400}, "inputQuery");
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

    /**
     * The answer is a refusal with one of the acceptable statuses (only the preferred ones at the
     * strict level), carrying a problem document whose text contains {@code phrase}.
     */
    private void refused(Call call, String what, int[] preferred, int[] accepted, String phrase) {
        world.expect().status(what, call, world.config().strict() ? preferred : accepted);
        String contentType = call.contentType() == null ? "" : call.contentType().toLowerCase(Locale.ROOT);
        if (world.config().strict()) {
            world.expect().that(contentType.startsWith("application/problem+json"), "Content-Type of the refusal",
                    "application/problem+json (RFC 9457)", contentType, call);
            world.expect().that(call.text("$.detail") != null && call.text("$.detail").contains(phrase),
                    "$.detail of the problem", "text containing \"" + phrase + "\"", call.text("$.detail"), call);
        } else {
            world.expect().that(contentType.contains("json"), "Content-Type of the refusal",
                    "a JSON error body (application/problem+json preferred)", contentType, call);
            world.expect().that(call.body().toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT)),
                    "error message of the refusal", "text containing \"" + phrase + "\"", call.body(), call);
        }
        if (world.config().strict()) {
            world.expect().equal("$.status of the problem document", call.status(), call.at("$.status").asInt(), call);
        }
    }
}
