package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.load.AtOnce;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.RunState;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.WorkflowRef;
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

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;
    private final Fixtures fixtures;
    private final Waits waits;

    public RunSteps(Scene scene, Created created, Exchanges exchanges, Fixtures fixtures, Waits waits) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
        this.fixtures = fixtures;
        this.waits = waits;
    }

    // --- set-up -----------------------------------------------------------------------------

    @Given("{actor} has started a run of {string} asking {string}")
    public void hasStartedARun(Actor actor, String workflow, String query) {
        fixtures.startRun("the run", created.workflow(workflow), query);
    }

    @Given("{actor} has started {int} runs of {string} that completed")
    public void hasStartedRunsThatCompleted(Actor actor, int count, String workflow) {
        WorkflowRef ref = created.workflow(workflow);
        List<RunRef> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            started.add(fixtures.startRun(workflow + " #" + i, ref, DEFAULT_QUERY + " (" + i + ")"));
        }
        started.forEach(run -> waits.untilStatus(run, Set.of("COMPLETED")));
    }

    @Given("{actor} has a run {string} that {runState}")
    public void hasARunInState(Actor actor, String alias, RunState state) {
        WorkflowRef workflow = created.hasWorkflow(alias) ? created.workflow(alias)
                : fixtures.oneAgentWorkflow(created.project(), alias, state.behaviour(), "Done: " + alias);
        putRunInState(alias, workflow, state);
    }

    @Given("{actor} has a run {string} of {string} that {runState}")
    public void hasARunOfWorkflowInState(Actor actor, String alias, String workflow, RunState state) {
        putRunInState(alias, created.workflow(workflow), state);
    }

    private void putRunInState(String alias, WorkflowRef workflow, RunState state) {
        RunRef run = fixtures.startRun(alias, workflow, DEFAULT_QUERY);
        switch (state) {
            case COMPLETED, FAILED -> waits.untilStatus(run, Set.of(state.status()));
            case RUNNING -> awaitThinking(run);
            case CANCELLED -> {
                awaitThinking(run);
                Call cancel = run.project().owner().api().cancelRun(run.project().id(), run.id());
                scene.expect().status("cancelling run '" + alias + "' while it runs", cancel, 200);
                waits.untilStatus(run, Set.of("CANCELLED"));
            }
            case PENDING -> {
                Call read = run.project().owner().api().getRun(run.project().id(), run.id());
                scene.expect().field(read, "$.status", "PENDING");
            }
        }
    }

    /** RUNNING, and already waiting for its model: a run that is really in the middle of its work. */
    private void awaitThinking(RunRef run) {
        waits.untilThinking(run, null);
    }

    // --- actions ----------------------------------------------------------------------------

    @When("{actor} starts a run of {string} asking {string}")
    public void startsARun(Actor actor, String workflow, String query) {
        Call call = fixtures.requestRun(created.workflow(workflow), query, List.of());
        if (call.status() == 201 && call.text("$.id") != null) {
            created.addRun(new RunRef("the run", call.text("$.id"), created.project(), created.workflow(workflow), query));
        }
    }

    @When("{actor} starts a run of {string} with the context items {string} and {string}")
    public void startsARunWithContextItems(Actor actor, String workflow, String first, String second) {
        Call call = fixtures.requestRun(created.workflow(workflow), DEFAULT_QUERY,
                List.of(created.contextItem(first).id(), created.contextItem(second).id()));
        scene.expect().status("starting a run with context items", call, 201);
        created.addRun(new RunRef("the run", call.text("$.id"), created.project(), created.workflow(workflow), DEFAULT_QUERY));
    }

    @When("{actor} reads the run")
    public void readsTheRun(Actor actor) {
        RunRef run = created.run();
        exchanges.lastCall(actor.api().getRun(run.project().id(), run.id()));
    }

    @When("the run completes")
    public void theRunCompletes() {
        waits.untilStatus(created.run(), Set.of("COMPLETED"));
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Then("the run is created with an id of its own")
    public void createdWithAnId() {
        Call call = exchanges.lastCall();
        scene.expect().status("starting a run", call, 201);
        scene.expect().filled(call, "$.id");
        scene.expect().that(call.response().header("Location") != null, "Location header of the created run",
                "a Location header", "none", call);
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().status("reading the new run by the id it was given", read, 200);
        scene.expect().field(read, "$.id", run.id());
    }

    @Then("the run is for workflow {string} and the query {string}")
    public void runIsForWorkflowAndQuery(String workflow, String query) {
        Call call = exchanges.lastCall();
        scene.expect().field(call, "$.workflowId", created.workflow(workflow).id());
        scene.expect().field(call, "$.projectId", created.project().id());
        scene.expect().field(call, "$.inputQuery", query);
    }

    @Then("the run is PENDING or RUNNING")
    public void pendingOrRunning() {
        Call call = exchanges.lastCall();
        String status = call.text("$.status");
        scene.expect().that("PENDING".equals(status) || "RUNNING".equals(status), "$.status of the new run",
                "\"PENDING\" or \"RUNNING\"", status, call);
    }

    @Then("the run records when it started")
    public void recordsStart() {
        Call call = exchanges.lastCall();
        Instant started = timestamp(call, "$.startedAt");
        scene.expect().that(!started.isAfter(Instant.now().plusSeconds(300)), "$.startedAt",
                "a time no later than now", started, call);
    }

    @Then("the run records when it finished")
    public void recordsFinish() {
        Call call = exchanges.lastCall();
        Instant finished = timestamp(call, "$.finishedAt");
        Instant started = timestamp(call, "$.startedAt");
        scene.expect().that(!finished.isBefore(started), "$.finishedAt", "not before $.startedAt (" + started + ")",
                finished, call);
    }

    @Then("she sees the run with every field of an agent run")
    public void everyField() {
        Call call = exchanges.lastCall();
        scene.expect().status("reading a run", call, 200);
        for (String field : RUN_FIELDS) {
            scene.expect().present(call, "$." + field);
        }
        scene.expect().field(call, "$.id", created.run().id());
        timestamp(call, "$.startedAt");
        String status = call.text("$.status");
        scene.expect().that(Set.of("PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED").contains(status),
                "$.status", "one of the five run statuses", status, call);
        JsonNode finishedAt = call.at("$.finishedAt");
        boolean terminal = Waits.TERMINAL.contains(status);
        scene.expect().that(terminal != finishedAt.isNull(), "$.finishedAt",
                terminal ? "a time, since the run is " + status : "null, since the run is " + status,
                finishedAt, call);
    }

    @Then("the run details list the context items {string} and {string}")
    public void runDetailsListContextItems(String first, String second) {
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().status("reading the run", read, 200);
        java.util.Set<String> listed = new java.util.TreeSet<>();
        read.at("$.contextItemIds").forEach(id -> listed.add(id.asText()));
        java.util.Set<String> expected = new java.util.TreeSet<>(
                List.of(created.contextItem(first).id(), created.contextItem(second).id()));
        scene.expect().equal("$.contextItemIds of the run", expected, listed, read);
    }

    @Then("the run's output summary is {string}")
    public void outputSummaryIs(String expected) {
        RunRef run = created.run();
        Call call = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(call, "$.outputSummary", expected);
    }

    @Then("the run completes without further input")
    public void completesWithoutFurtherInput() {
        waits.untilStatus(created.run(), Set.of("COMPLETED"));
    }

    // --- lifecycle (WF-07: spec/README.md, statuses and transitions) ----------------------------

    /**
     * Polls the run until it ends: what is seen must be a path of the status graph read at
     * whatever moments the kit happened to look (a state may be missed, never undone), its start
     * time never changes once set, and its finish time appears only with a terminal status.
     */
    @Then("the statuses {actor} observes until the end follow a legal path, with timestamps that never go back")
    public void statusesFollowALegalPath(Actor actor) {
        RunRef run = created.run();
        List<String> seen = new ArrayList<>();
        String[] startedAt = {null};
        java.util.Map<String, Integer> rank = java.util.Map.of("PENDING", 0, "RUNNING", 1, "COMPLETED", 2,
                "FAILED", 2, "CANCELLED", 2);
        Call[] last = {null};
        org.awaitility.Awaitility.await("run '" + run.alias() + "' to end").atMost(scene.config().runTimeout())
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    Call read = actor.api().pollRun(run.project().id(), run.id());
                    last[0] = read;
                    String status = read.text("$.status");
                    scene.expect().that(rank.containsKey(status), "$.status",
                            "a status of a run that asks no question (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED)",
                            status, read);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                        String before = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                        scene.expect().that(before == null || rank.get(status) > rank.get(before),
                                "status of run '" + run.alias() + "' after " + String.join(" -> ", seen),
                                "a later state of PENDING -> RUNNING -> COMPLETED/FAILED/CANCELLED", status, read);
                        seen.add(status);
                    }
                    String started = read.text("$.startedAt");
                    if (startedAt[0] != null) {
                        scene.expect().field(read, "$.startedAt", startedAt[0]);
                    }
                    startedAt[0] = started != null ? started : startedAt[0];
                    boolean terminal = Waits.TERMINAL.contains(status);
                    scene.expect().that(terminal == (read.text("$.finishedAt") != null), "$.finishedAt while " + status,
                            terminal ? "a time" : "null", read.text("$.finishedAt"), read);
                    return terminal;
                });
        scene.expect().equal("the last status of run '" + run.alias() + "' (seen: " + String.join(" -> ", seen) + ")",
                "COMPLETED", seen.get(seen.size() - 1), last[0]);
        recordsFinishOf(last[0]);
        exchanges.lastCall(last[0]);
    }

    @Then("the run stays COMPLETED, with the same finish time, however often it is read")
    public void staysCompleted() {
        RunRef run = created.run();
        Call first = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(first, "$.status", "COMPLETED");
        String finished = first.text("$.finishedAt");
        Duration quiet = scene.config().quietPeriod();
        org.awaitility.Awaitility.await("run '" + run.alias() + "' to stay COMPLETED").during(quiet)
                .atMost(quiet.plusSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    Call read = run.project().owner().api().pollRun(run.project().id(), run.id());
                    scene.expect().field(read, "$.status", "COMPLETED");
                    scene.expect().field(read, "$.finishedAt", finished);
                    return true;
                });
    }

    private void recordsFinishOf(Call call) {
        Instant finished = timestamp(call, "$.finishedAt");
        Instant started = timestamp(call, "$.startedAt");
        scene.expect().that(!finished.isBefore(started), "$.finishedAt", "not before $.startedAt (" + started + ")",
                finished, call);
    }

    // --- failures (spec/llm-and-tools.md, "The error of a failed run") --------------------------

    @Then("the run fails within {int} seconds, naming the {word} agent")
    public void failsWithinNaming(int seconds, String node) {
        failedNaming(created.run(), node, java.time.Duration.ofSeconds(seconds));
    }

    @When("{actor} runs {string} {int} times at once and every run fails")
    public void runsAtOnceAndEveryRunFails(Actor actor, String workflow, int count) {
        WorkflowRef ref = created.workflow(workflow);
        List<RunRef> runs = AtOnce.all(count, scene.config().runTimeout(),
                i -> fixtures.startRun(workflow + " #" + (i + 1), ref, DEFAULT_QUERY + " (" + (i + 1) + ")"));
        runs.forEach(run -> failedNaming(run, ref.finalNode(), scene.config().runTimeout()));
    }

    @When("{actor} starts {int} runs of {string} and one run of {string} at once")
    public void startsRunsBesideAFailingOne(Actor actor, int count, String healthy, String broken) {
        WorkflowRef good = created.workflow(healthy);
        WorkflowRef bad = created.workflow(broken);
        AtOnce.all(count + 1, scene.config().runTimeout(), i -> i < count
                ? fixtures.startRun(healthy + " #" + (i + 1), good, DEFAULT_QUERY + " (" + (i + 1) + ")")
                : fixtures.startRun(broken, bad, DEFAULT_QUERY));
    }

    @Then("the run of {string} fails, naming its agent")
    public void runOfFails(String workflow) {
        for (RunRef run : created.runsOf(workflow)) {
            failedNaming(run, run.workflow().finalNode(), scene.config().runTimeout());
        }
    }

    /**
     * The runs beside a failing one: each answered with its own model's answer, after one model
     * call, with no failed step: nothing of the other run's failure leaked into it.
     */
    @Then("each run of {string} completes with {string}, one model call and no failed step")
    public void eachRunCompletesUntouched(String workflow, String answer) {
        for (RunRef run : created.runsOf(workflow)) {
            Call done = waits.untilStatus(run, Set.of("COMPLETED"));
            scene.expect().field(done, "$.outputSummary", answer);
            Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), java.util.Map.of());
            scene.expect().status("listing the steps of run '" + run.alias() + "'", steps, 200);
            List<String> seen = new ArrayList<>();
            steps.at("$.items").forEach(step -> seen.add(step.path("kind").asText() + " " + step.path("status").asText()));
            scene.expect().equal("steps of run '" + run.alias() + "' (kind and status)", List.of("MODEL COMPLETED"),
                    seen, steps);
            int requests = created.journal().forRun(run.id()).size();
            scene.expect().equal("model and tool requests of run '" + run.alias() + "'", 1, requests, steps);
        }
    }

    /** FAILED, within {@code bound} by the target's own clock, with an error naming {@code node}. */
    private void failedNaming(RunRef run, String node, java.time.Duration bound) {
        Call failed = waits.untilStatus(run, Set.of("FAILED"));
        Instant started = timestamp(failed, "$.startedAt");
        Instant finished = timestamp(failed, "$.finishedAt");
        scene.expect().that(!finished.isAfter(started.plus(bound)), "$.finishedAt of run '" + run.alias() + "'",
                "within " + bound.toSeconds() + " s of $.startedAt (" + started + ")", finished, failed);
        scene.expect().field(failed, "$.error.nodeId", node);
        String message = failed.text("$.error.message");
        scene.expect().that(message != null && !message.isBlank(), "$.error.message of run '" + run.alias() + "'",
                "a text saying what failed", message, failed);
        exchanges.footprint(java.util.Map.of("failedSeenAt", Instant.now().toString()));
    }

    @Then("no model or tool call is made for the run once it failed, even when the {word} agent could go on")
    public void noCallOnceFailed(String busy) {
        RunRef run = created.run();
        Instant failedSeen = Instant.parse(exchanges.footprint().get("failedSeenAt"));
        // Let go of the answer the busy agent waited for: a target that did not stop it would act on it.
        scene.standIns().release(scene.gate(busy));
        waits.quietFor("model or tool requests of run '" + run.alias() + "' sent after it was seen FAILED at "
                + failedSeen, e -> run.id().equals(e.runId()) && e.at().isAfter(failedSeen));
    }

    private Instant timestamp(Call call, String path) {
        String text = call.text(path);
        scene.expect().that(text != null, path, "an RFC 3339 timestamp", text, call);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw scene.expect().failure(path, "an RFC 3339 timestamp", text, call);
            }
        }
    }
}
