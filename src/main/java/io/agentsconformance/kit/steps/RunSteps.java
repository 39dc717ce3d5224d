package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.steps.World.RunRef;
import io.agentsconformance.kit.steps.World.WorkflowRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Agent runs: starting them, reading them, putting them in a given state. */
public final class RunSteps {

    static final String DEFAULT_QUERY = "Please handle this request.";
    /** The fields every AgentRun has (seed 004 section 3.1, spec/openapi.yaml AgentRun). */
    static final List<String> RUN_FIELDS = List.of("id", "projectId", "workflowId", "status", "inputQuery",
            "outputSummary", "startedAt", "finishedAt");

    private final World world;
    private final Fixtures fixtures;
    private final Waits waits;

    public RunSteps(World world, Fixtures fixtures, Waits waits) {
        this.world = world;
        this.fixtures = fixtures;
        this.waits = waits;
    }

    // --- set-up -----------------------------------------------------------------------------

    @Given("{actor} has started a run of {string} asking {string}")
    public void hasStartedARun(World.Actor actor, String workflow, String query) {
        fixtures.startRun("the run", world.workflow(workflow), query);
    }

    @Given("{actor} has started {int} runs of {string} that completed")
    public void hasStartedRunsThatCompleted(World.Actor actor, int count, String workflow) {
        WorkflowRef ref = world.workflow(workflow);
        List<RunRef> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            started.add(fixtures.startRun(workflow + " #" + i, ref, DEFAULT_QUERY + " (" + i + ")"));
        }
        started.forEach(run -> waits.untilStatus(run, Set.of("COMPLETED")));
    }

    @Given("{actor} has a run {string} that {runState}")
    public void hasARunInState(World.Actor actor, String alias, RunState state) {
        WorkflowRef workflow = world.hasWorkflow(alias) ? world.workflow(alias)
                : fixtures.oneAgentWorkflow(world.project(), alias, state.behaviour(), "Done: " + alias);
        putRunInState(alias, workflow, state);
    }

    @Given("{actor} has a run {string} of {string} that {runState}")
    public void hasARunOfWorkflowInState(World.Actor actor, String alias, String workflow, RunState state) {
        putRunInState(alias, world.workflow(workflow), state);
    }

    private void putRunInState(String alias, WorkflowRef workflow, RunState state) {
        RunRef run = fixtures.startRun(alias, workflow, DEFAULT_QUERY);
        switch (state) {
            case COMPLETED, FAILED -> waits.untilStatus(run, Set.of(state.status()));
            case RUNNING -> awaitThinking(run);
            case CANCELLED -> {
                awaitThinking(run);
                Call cancel = run.project().owner().api().cancelRun(run.project().id(), run.id());
                world.expect().status("cancelling run '" + alias + "' while it runs", cancel, 200);
                waits.untilStatus(run, Set.of("CANCELLED"));
            }
            case PENDING -> {
                Call read = run.project().owner().api().getRun(run.project().id(), run.id());
                world.expect().field(read, "$.status", "PENDING");
            }
        }
    }

    /** RUNNING, and already waiting for its model: a run that is really in the middle of its work. */
    private void awaitThinking(RunRef run) {
        waits.untilThinking(run, null);
    }

    // --- actions ----------------------------------------------------------------------------

    @When("{actor} starts a run of {string} asking {string}")
    public void startsARun(World.Actor actor, String workflow, String query) {
        Call call = fixtures.requestRun(world.workflow(workflow), query, List.of());
        if (call.status() == 201 && call.text("$.id") != null) {
            world.addRun(new RunRef("the run", call.text("$.id"), world.project(), world.workflow(workflow), query));
        }
    }

    @When("{actor} starts a run of {string} with the context items {string} and {string}")
    public void startsARunWithContextItems(World.Actor actor, String workflow, String first, String second) {
        Call call = fixtures.requestRun(world.workflow(workflow), DEFAULT_QUERY,
                List.of(world.contextItem(first).id(), world.contextItem(second).id()));
        world.expect().status("starting a run with context items", call, 201);
        world.addRun(new RunRef("the run", call.text("$.id"), world.project(), world.workflow(workflow), DEFAULT_QUERY));
    }

    @When("{actor} reads the run")
    public void readsTheRun(World.Actor actor) {
        RunRef run = world.run();
        world.lastCall(actor.api().getRun(run.project().id(), run.id()));
    }

    @When("the run completes")
    public void theRunCompletes() {
        waits.untilStatus(world.run(), Set.of("COMPLETED"));
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Then("the run is created with an id of its own")
    public void createdWithAnId() {
        Call call = world.lastCall();
        world.expect().status("starting a run", call, 201);
        world.expect().filled(call, "$.id");
        world.expect().that(call.response().header("Location") != null, "Location header of the created run",
                "a Location header", "none", call);
        RunRef run = world.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        world.expect().status("reading the new run by the id it was given", read, 200);
        world.expect().field(read, "$.id", run.id());
    }

    @Then("the run is for workflow {string} and the query {string}")
    public void runIsForWorkflowAndQuery(String workflow, String query) {
        Call call = world.lastCall();
        world.expect().field(call, "$.workflowId", world.workflow(workflow).id());
        world.expect().field(call, "$.projectId", world.project().id());
        world.expect().field(call, "$.inputQuery", query);
    }

    @Then("the run is PENDING or RUNNING")
    public void pendingOrRunning() {
        Call call = world.lastCall();
        String status = call.text("$.status");
        world.expect().that("PENDING".equals(status) || "RUNNING".equals(status), "$.status of the new run",
                "\"PENDING\" or \"RUNNING\"", status, call);
    }

    @Then("the run records when it started")
    public void recordsStart() {
        Call call = world.lastCall();
        Instant started = timestamp(call, "$.startedAt");
        world.expect().that(!started.isAfter(Instant.now().plusSeconds(300)), "$.startedAt",
                "a time no later than now", started, call);
    }

    @Then("the run records when it finished")
    public void recordsFinish() {
        Call call = world.lastCall();
        Instant finished = timestamp(call, "$.finishedAt");
        Instant started = timestamp(call, "$.startedAt");
        world.expect().that(!finished.isBefore(started), "$.finishedAt", "not before $.startedAt (" + started + ")",
                finished, call);
    }

    @Then("she sees the run with every field of an agent run")
    public void everyField() {
        Call call = world.lastCall();
        world.expect().status("reading a run", call, 200);
        for (String field : RUN_FIELDS) {
            world.expect().present(call, "$." + field);
        }
        world.expect().field(call, "$.id", world.run().id());
        timestamp(call, "$.startedAt");
        String status = call.text("$.status");
        world.expect().that(Set.of("PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED").contains(status),
                "$.status", "one of the five run statuses", status, call);
        JsonNode finishedAt = call.at("$.finishedAt");
        boolean terminal = Waits.TERMINAL.contains(status);
        world.expect().that(terminal != finishedAt.isNull(), "$.finishedAt",
                terminal ? "a time, since the run is " + status : "null, since the run is " + status,
                finishedAt, call);
    }

    @Then("the run details list the context items {string} and {string}")
    public void runDetailsListContextItems(String first, String second) {
        RunRef run = world.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        world.expect().status("reading the run", read, 200);
        java.util.Set<String> listed = new java.util.TreeSet<>();
        read.at("$.contextItemIds").forEach(id -> listed.add(id.asText()));
        java.util.Set<String> expected = new java.util.TreeSet<>(
                List.of(world.contextItem(first).id(), world.contextItem(second).id()));
        world.expect().equal("$.contextItemIds of the run", expected, listed, read);
    }

    @Then("the run's output summary is {string}")
    public void outputSummaryIs(String expected) {
        RunRef run = world.run();
        Call call = run.project().owner().api().getRun(run.project().id(), run.id());
        world.expect().field(call, "$.outputSummary", expected);
    }

    @Then("the run completes without further input")
    public void completesWithoutFurtherInput() {
        waits.untilStatus(world.run(), Set.of("COMPLETED"));
    }

    private Instant timestamp(Call call, String path) {
        String text = call.text(path);
        world.expect().that(text != null, path, "an RFC 3339 timestamp", text, call);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw world.expect().failure(path, "an RFC 3339 timestamp", text, call);
            }
        }
    }
}
