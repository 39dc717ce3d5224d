package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import io.agentsconformance.kit.standin.Journal;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * When nodes run, judged by when the model stand-in received their requests (spec/llm-and-tools.md,
 * "How a node executes": a node starts when its dependencies completed; independent nodes may run
 * in parallel): MA-04 and MA-05.
 */
public final class SchedulingSteps {

    private final Scene scene;
    private final Created created;
    private final Waits waits;

    public SchedulingSteps(Scene scene, Created created, Waits waits) {
        this.scene = scene;
        this.created = created;
        this.waits = waits;
    }

    /**
     * The upstream agent's last answer left the stand-in its scripted delay after that request
     * arrived; the dependant's first request can only come after it.
     */
    @Then("the {word} agent was first asked {int} ms or more after the {word} agent's last request, when its answer came")
    public void firstAskedAfter(String node, int delayMs, String upstream) {
        RunRef run = created.run();
        List<Exchange> all = created.journal().modelRequests(run.id(), null);
        List<Exchange> before = all.stream().filter(e -> upstream.equals(e.nodeId())).toList();
        List<Exchange> after = all.stream().filter(e -> node.equals(e.nodeId())).toList();
        scene.expect().thatSeen(!before.isEmpty() && !after.isEmpty(), "model requests of nodes '" + upstream
                + "' and '" + node + "'", "some of each", before.size() + " and " + after.size(), AttemptSteps.describe(all));
        long gap = Duration.between(before.get(before.size() - 1).at(), after.get(0).at()).toMillis();
        scene.expect().thatSeen(gap >= delayMs - AttemptSteps.TIMESTAMP_TOLERANCE.toMillis(),
                "time from the last request of node '" + upstream + "' to the first of node '" + node
                        + "' (its answer took " + delayMs + " ms; less " + AttemptSteps.TIMESTAMP_TOLERANCE.toMillis()
                        + " ms for the timestamps)", "at least " + delayMs + " ms", gap + " ms", AttemptSteps.describe(all));
    }

    /**
     * Both agents' answers are held: only a target that runs them side by side has sent both
     * requests while neither was answered. A target that runs them one after the other never does.
     */
    @Then("the {word} and the {word} agent are both asked before either answers")
    public void bothAskedBeforeEitherAnswers(String first, String second) {
        RunRef run = created.run();
        Journal journal = waits.untilJournal("model requests of nodes '" + first + "' and '" + second
                        + "' of run '" + run.alias() + "', both waiting for their answers at once",
                j -> pending(j, run, first) && pending(j, run, second), run);
        io.agentsconformance.kit.report.Evidence.text("both nodes waiting at once",
                AttemptSteps.describe(journal.forRun(run.id())));
    }

    @Then("when both may answer, the run completes without further input")
    public void bothMayAnswer() {
        RunRef run = created.run();
        scene.gates().forEach(scene.standIns()::release);
        waits.untilStatus(run, Set.of("COMPLETED"));
    }

    private static boolean pending(Journal journal, RunRef run, String node) {
        return journal.modelRequests(run.id(), node).stream().anyMatch(e -> !e.answered());
    }
}
