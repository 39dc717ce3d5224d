package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.steps.World.RunRef;
import io.agentsconformance.kit.steps.World.WorkflowRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
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

    // --- lifecycle (WF-07: spec/README.md, statuses and transitions) ----------------------------

    /**
     * Polls the run until it ends: what is seen must be a path of the status graph read at
     * whatever moments the kit happened to look (a state may be missed, never undone), its start
     * time never changes once set, and its finish time appears only with a terminal status.
     */
    @Then("the statuses {actor} observes until the end follow a legal path, with timestamps that never go back")
    public void statusesFollowALegalPath(World.Actor actor) {
        RunRef run = world.run();
        List<String> seen = new ArrayList<>();
        String[] startedAt = {null};
        java.util.Map<String, Integer> rank = java.util.Map.of("PENDING", 0, "RUNNING", 1, "COMPLETED", 2,
                "FAILED", 2, "CANCELLED", 2);
        Call[] last = {null};
        org.awaitility.Awaitility.await("run '" + run.alias() + "' to end").atMost(world.config().runTimeout())
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    Call read = actor.api().pollRun(run.project().id(), run.id());
                    last[0] = read;
                    String status = read.text("$.status");
                    world.expect().that(rank.containsKey(status), "$.status",
                            "a status of a run that asks no question (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED)",
                            status, read);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                        String before = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                        world.expect().that(before == null || rank.get(status) > rank.get(before),
                                "status of run '" + run.alias() + "' after " + String.join(" -> ", seen),
                                "a later state of PENDING -> RUNNING -> COMPLETED/FAILED/CANCELLED", status, read);
                        seen.add(status);
                    }
                    String started = read.text("$.startedAt");
                    if (startedAt[0] != null) {
                        world.expect().field(read, "$.startedAt", startedAt[0]);
                    }
                    startedAt[0] = started != null ? started : startedAt[0];
                    boolean terminal = Waits.TERMINAL.contains(status);
                    world.expect().that(terminal == (read.text("$.finishedAt") != null), "$.finishedAt while " + status,
                            terminal ? "a time" : "null", read.text("$.finishedAt"), read);
                    return terminal;
                });
        world.expect().equal("the last status of run '" + run.alias() + "' (seen: " + String.join(" -> ", seen) + ")",
                "COMPLETED", seen.get(seen.size() - 1), last[0]);
        recordsFinishOf(last[0]);
        world.lastCall(last[0]);
    }

    @Then("the run stays COMPLETED, with the same finish time, however often it is read")
    public void staysCompleted() {
        RunRef run = world.run();
        Call first = run.project().owner().api().getRun(run.project().id(), run.id());
        world.expect().field(first, "$.status", "COMPLETED");
        String finished = first.text("$.finishedAt");
        Duration quiet = world.config().quietPeriod();
        org.awaitility.Awaitility.await("run '" + run.alias() + "' to stay COMPLETED").during(quiet)
                .atMost(quiet.plusSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    Call read = run.project().owner().api().pollRun(run.project().id(), run.id());
                    world.expect().field(read, "$.status", "COMPLETED");
                    world.expect().field(read, "$.finishedAt", finished);
                    return true;
                });
    }

    private void recordsFinishOf(Call call) {
        Instant finished = timestamp(call, "$.finishedAt");
        Instant started = timestamp(call, "$.startedAt");
        world.expect().that(!finished.isBefore(started), "$.finishedAt", "not before $.startedAt (" + started + ")",
                finished, call);
    }

    // --- failures (spec/llm-and-tools.md, "The error of a failed run") --------------------------

    @Then("the run fails within {int} seconds, naming the {word} agent")
    public void failsWithinNaming(int seconds, String node) {
        failedNaming(world.run(), node, java.time.Duration.ofSeconds(seconds));
    }

    @When("{actor} runs {string} {int} times at once and every run fails")
    public void runsAtOnceAndEveryRunFails(World.Actor actor, String workflow, int count) {
        WorkflowRef ref = world.workflow(workflow);
        List<RunRef> runs = AtOnce.all(count, world.config().runTimeout(),
                i -> fixtures.startRun(workflow + " #" + (i + 1), ref, DEFAULT_QUERY + " (" + (i + 1) + ")"));
        runs.forEach(run -> failedNaming(run, ref.finalNode(), world.config().runTimeout()));
    }

    @When("{actor} starts {int} runs of {string} and one run of {string} at once")
    public void startsRunsBesideAFailingOne(World.Actor actor, int count, String healthy, String broken) {
        WorkflowRef good = world.workflow(healthy);
        WorkflowRef bad = world.workflow(broken);
        AtOnce.all(count + 1, world.config().runTimeout(), i -> i < count
                ? fixtures.startRun(healthy + " #" + (i + 1), good, DEFAULT_QUERY + " (" + (i + 1) + ")")
                : fixtures.startRun(broken, bad, DEFAULT_QUERY));
    }

    @Then("the run of {string} fails, naming its agent")
    public void runOfFails(String workflow) {
        for (RunRef run : world.runsOf(workflow)) {
            failedNaming(run, run.workflow().finalNode(), world.config().runTimeout());
        }
    }

    /**
     * The runs beside a failing one: each answered with its own model's answer, after one model
     * call, with no failed step: nothing of the other run's failure leaked into it.
     */
    @Then("each run of {string} completes with {string}, one model call and no failed step")
    public void eachRunCompletesUntouched(String workflow, String answer) {
        for (RunRef run : world.runsOf(workflow)) {
            Call done = waits.untilStatus(run, Set.of("COMPLETED"));
            world.expect().field(done, "$.outputSummary", answer);
            Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), java.util.Map.of());
            world.expect().status("listing the steps of run '" + run.alias() + "'", steps, 200);
            List<String> seen = new ArrayList<>();
            steps.at("$.items").forEach(step -> seen.add(step.path("kind").asText() + " " + step.path("status").asText()));
            world.expect().equal("steps of run '" + run.alias() + "' (kind and status)", List.of("MODEL COMPLETED"),
                    seen, steps);
            int requests = world.journal().forRun(run.id()).size();
            world.expect().equal("model and tool requests of run '" + run.alias() + "'", 1, requests, steps);
        }
    }

    /** FAILED, within {@code bound} by the target's own clock, with an error naming {@code node}. */
    private void failedNaming(RunRef run, String node, java.time.Duration bound) {
        Call failed = waits.untilStatus(run, Set.of("FAILED"));
        Instant started = timestamp(failed, "$.startedAt");
        Instant finished = timestamp(failed, "$.finishedAt");
        world.expect().that(!finished.isAfter(started.plus(bound)), "$.finishedAt of run '" + run.alias() + "'",
                "within " + bound.toSeconds() + " s of $.startedAt (" + started + ")", finished, failed);
        world.expect().field(failed, "$.error.nodeId", node);
        String message = failed.text("$.error.message");
        world.expect().that(message != null && !message.isBlank(), "$.error.message of run '" + run.alias() + "'",
                "a text saying what failed", message, failed);
        world.footprint(java.util.Map.of("failedSeenAt", Instant.now().toString()));
    }

    @Then("no model or tool call is made for the run once it failed, even when the {word} agent could go on")
    public void noCallOnceFailed(String busy) {
        RunRef run = world.run();
        Instant failedSeen = Instant.parse(world.footprint().get("failedSeenAt"));
        // Let go of the answer the busy agent waited for: a target that did not stop it would act on it.
        world.standIns().release(world.gate(busy));
        waits.quietFor("model or tool requests of run '" + run.alias() + "' sent after it was seen FAILED at "
                + failedSeen, e -> run.id().equals(e.runId()) && e.at().isAfter(failedSeen));
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
