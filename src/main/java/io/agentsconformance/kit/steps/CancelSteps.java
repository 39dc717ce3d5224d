package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.load.AtOnce;
import io.agentsconformance.kit.refusal.Refusals;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.standin.ConnectionWitness;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.WorkflowRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cancelling runs, and the proof that a cancelled run stops: the stand-ins' journal shows no
 * model or tool call for it after the cancel was answered (none at all for a run that never
 * started), even once the held model answer it was waiting for has been let go.
 */
public final class CancelSteps {

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;
    private final Waits waits;
    private final Refusals refusals;
    private Instant cancelAnswered;

    public CancelSteps(Scene scene, Created created, Exchanges exchanges, Waits waits, Refusals refusals) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
        this.waits = waits;
        this.refusals = refusals;
    }

    @Given("{actor} has cancelled the run")
    public void hasCancelledTheRun(Actor actor) {
        RunRef run = created.run();
        Call cancel = actor.api().cancelRun(run.project().id(), run.id());
        scene.expect().status("cancelling run '" + run.alias() + "'", cancel, 200);
        waits.untilStatus(run, Set.of("CANCELLED"));
    }

    @When("{actor} cancels the run")
    public void cancelsTheRun(Actor actor) {
        RunRef run = created.run();
        exchanges.before(actor.api().getRun(run.project().id(), run.id()));
        exchanges.lastCall(actor.api().cancelRun(run.project().id(), run.id()));
        cancelAnswered = Instant.now();
    }

    @When("{actor} cancels the run {int} times at once")
    public void cancelsManyTimes(Actor actor, int times) {
        RunRef run = created.run();
        exchanges.burst(AtOnce.all(times, scene.config().httpTimeout().multipliedBy(2),
                i -> actor.api().cancelRun(run.project().id(), run.id())));
    }

    @When("{actor} cancels run {string} and starts a run {string} of {string} at the same moment")
    public void cancelsAndStarts(Actor actor, String old, String alias, String workflow) {
        RunRef running = created.run(old);
        WorkflowRef ref = created.workflow(workflow);
        List<Call> answers = AtOnce.all(2, scene.config().httpTimeout().multipliedBy(2), i -> i == 0
                ? actor.api().cancelRun(running.project().id(), running.id())
                : actor.api().startRun(ref.project().id(), Map.of("workflowId", ref.id(), "inputQuery", RunSteps.DEFAULT_QUERY)));
        scene.expect().status("cancelling run '" + old + "' while a run starts", answers.get(0), 200);
        scene.expect().status("starting run '" + alias + "' while run '" + old + "' is cancelled", answers.get(1), 201);
        created.addRun(new RunRef(alias, answers.get(1).text("$.id"), ref.project(), ref, RunSteps.DEFAULT_QUERY));
    }

    @When("run {string} is allowed to finish")
    public void runIsAllowedToFinish(String alias) {
        RunRef run = created.run(alias);
        scene.standIns().release(scene.gate(run.workflow().finalNode()));
        waits.untilStatus(run, Set.of("COMPLETED"));
    }

    @Then("the run is CANCELLED, with a finish time")
    public void cancelledWithFinishTime() {
        Call cancel = exchanges.lastCall();
        scene.expect().status("cancelling a run that is " + exchanges.before().text("$.status"), cancel, 200);
        scene.expect().field(cancel, "$.status", "CANCELLED");
        scene.expect().filled(cancel, "$.finishedAt");
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "CANCELLED");
        scene.expect().field(read, "$.finishedAt", cancel.text("$.finishedAt"));
    }

    @Then("no model or tool call is made for the run once the cancel was answered")
    public void noCallAfterCancel() {
        RunRef run = created.run();
        Instant cancelled = cancelAnswered;
        // Let go of the answer the run was waiting for: a target that did not really stop would act on it.
        scene.standIns().release(scene.gate(run.workflow().finalNode()));
        waits.quietFor("model or tool requests of run '" + run.alias() + "' sent after the cancel was answered at "
                + cancelled, e -> run.id().equals(e.runId()) && e.at().isAfter(cancelled));
        stillCancelled(run);
    }

    @Given("the run is waiting for the tool that never answers")
    public void waitingForTheHeldTool() {
        RunRef run = created.run();
        try {
            org.awaitility.Awaitility.await("run '" + run.alias() + "' to call the tool that never answers")
                    .atMost(scene.config().runTimeout()).pollInterval(Duration.ofMillis(20))
                    .until(() -> !scene.standIns().heldCalls(run.id()).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw scene.expect().failure("calls of run '" + run.alias() + "' to the tool that never answers within "
                    + Waits.human(scene.config().runTimeout()), "one", "none",
                    run.project().owner().api().getRun(run.project().id(), run.id()));
        }
    }

    /**
     * The stand-in holding the call sees the target hang up: a cancel aborts the request in flight
     * (spec/llm-and-tools.md, "Cancellation"), within the quiet period of "Timing the kit allows".
     */
    @Then("the target hung up on the tool when the cancel was answered")
    public void hungUpOnTheTool() {
        RunRef run = created.run();
        Instant cancelled = cancelAnswered;
        Duration bound = scene.config().quietPeriod();
        List<ConnectionWitness.Held> held = scene.standIns().heldCalls(run.id());
        try {
            org.awaitility.Awaitility.await("the target to close its call of the tool that never answers")
                    .atMost(bound).pollInterval(Duration.ofMillis(10))
                    .until(() -> held.stream().allMatch(h -> h.closed() != null));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw scene.expect().failure("the connection of run '" + run.alias() + "'s call of the tool that never"
                            + " answers, within " + Waits.human(bound) + " of the cancel answered at " + cancelled,
                    "closed by the target",
                    held.stream().map(ConnectionWitness.Held::describe).toList(),
                    run.project().owner().api().getRun(run.project().id(), run.id()));
        }
        Evidence.text("the held tool call, after the cancel answered at " + cancelled,
                String.join("\n", held.stream().map(ConnectionWitness.Held::describe).toList()));
    }

    @Then("no model or tool call was ever made for the run")
    public void noCallEver() {
        RunRef run = created.run();
        waits.quietFor("model or tool requests of run '" + run.alias() + "', which was cancelled before it started",
                e -> run.id().equals(e.runId()));
        stillCancelled(run);
        Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of());
        scene.expect().field(steps, "$.total", 0);
    }

    @Then("the cancel is refused as a conflict saying the run cannot be cancelled")
    public void cancelRefusedAsConflict() {
        refusals.refused(exchanges.lastCall(), "cancelling a run that is " + exchanges.before().text("$.status"),
                new int[] {409}, new int[] {409, 400}, "cannot be cancelled");
    }

    @Then("the run is still COMPLETED")
    public void stillCompleted() {
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "COMPLETED");
        scene.expect().field(read, "$.finishedAt", exchanges.before().text("$.finishedAt"));
        scene.expect().field(read, "$.outputSummary", exchanges.before().text("$.outputSummary"));
    }

    @Then("the repeated cancel is accepted and the run is unchanged")
    public void repeatedCancelAccepted() {
        Call cancel = exchanges.lastCall();
        if (cancel.status() == 400 && !scene.config().strict()) {
            // API-8.4 allows "200 (idempotent) or 400"; the lenient level accepts a refusal.
            refusals.refused(cancel, "cancelling a cancelled run", new int[] {200}, new int[] {400}, null);
        } else {
            scene.expect().status("cancelling a cancelled run", cancel, 200);
            scene.expect().field(cancel, "$.status", "CANCELLED");
            scene.expect().field(cancel, "$.finishedAt", exchanges.before().text("$.finishedAt"));
        }
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "CANCELLED");
        scene.expect().field(read, "$.finishedAt", exchanges.before().text("$.finishedAt"));
    }

    @Then("every cancel is answered, and the run was cancelled exactly once")
    public void cancelledExactlyOnce() {
        List<Call> answers = exchanges.burst();
        Set<String> finishedAt = new TreeSet<>();
        int accepted = 0;
        for (Call answer : answers) {
            if (answer.status() == 400 && !scene.config().strict()) {
                // A cancel that lost the race finds the run CANCELLED: API-8.4 lets it be a 400.
                refusals.refused(answer, "one of " + answers.size() + " cancels at once", new int[] {200}, new int[] {400}, null);
                continue;
            }
            scene.expect().status("one of " + answers.size() + " cancels at once", answer, 200);
            scene.expect().field(answer, "$.status", "CANCELLED");
            finishedAt.add(answer.text("$.finishedAt"));
            accepted++;
        }
        scene.expect().that(accepted >= 1, "cancels answered 200", "at least one", accepted, (Call) null);
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "CANCELLED");
        finishedAt.add(read.text("$.finishedAt"));
        scene.expect().equal("distinct finishedAt values across the " + accepted + " accepted cancels and the run"
                + " (one transition gives one)", 1, finishedAt.size(), read);
    }

    @Then("run {string} is CANCELLED and run {string} is COMPLETED")
    public void cancelledAndCompleted(String cancelled, String completed) {
        waits.untilStatus(created.run(cancelled), Set.of("CANCELLED"));
        waits.untilStatus(created.run(completed), Set.of("COMPLETED"));
    }

    private void stillCancelled(RunRef run) {
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "CANCELLED");
    }
}
