package io.agentsconformance.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.ProjectRef;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;
import io.agentsconformance.kit.targetserver.Restart;
import io.agentsconformance.kit.waiting.Waits;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OPS-02: what the target acknowledged survives a restart, and the runs the restart interrupted
 * end as the contract says (spec/README.md, "Durability and restarts").
 */
public final class RestartSteps {

    private final Scene scene;
    private final Created created;
    private final Waits waits;
    /** Each run's messages as read just before the restart: what the target had answered 2xx for. */
    private final Map<RunRef, List<String>> messagesBefore = new LinkedHashMap<>();

    public RestartSteps(Scene scene, Created created, Waits waits) {
        this.scene = scene;
        this.created = created;
        this.waits = waits;
    }

    @When("the target is restarted")
    public void theTargetIsRestarted() {
        for (RunRef run : created.runs()) {
            messagesBefore.put(run, messageIds(run, "reading the messages of run '" + run.alias() + "' before the restart"));
        }
        Restart restart = scene.kit().restart().orElseThrow(() -> new IllegalStateException(Restart.NO_RESTART));
        try {
            Evidence.text("restart", restart.restart());
        } catch (IllegalStateException notBack) {
            // A target that does not come back from a crash fails the case, not the kit.
            throw scene.expect().failure("restarting the target", "the target ready again within "
                    + scene.config().startupTimeout(), notBack.getMessage(), "");
        }
    }

    @Then("every project, workflow, run and message the target acknowledged is still there")
    public void everythingAcknowledgedIsThere() {
        List<String> lost = new ArrayList<>();
        for (ProjectRef project : created.projectRefs()) {
            int status = project.owner().api().getProject(project.id()).status();
            if (status != 200) {
                lost.add("project " + project.id() + " (GET answered " + status + ")");
            }
        }
        for (WorkflowRef workflow : created.workflows()) {
            int status = workflow.project().owner().api().getWorkflow(workflow.project().id(), workflow.id()).status();
            if (status != 200) {
                lost.add("workflow '" + workflow.name() + "' " + workflow.id() + " (GET answered " + status + ")");
            }
        }
        for (RunRef run : created.runs()) {
            int status = run.project().owner().api().getRun(run.project().id(), run.id()).status();
            if (status != 200) {
                lost.add("run '" + run.alias() + "' " + run.id() + " (GET answered " + status + ")");
                continue;
            }
            List<String> now = messageIds(run, "reading the messages of run '" + run.alias() + "' after the restart");
            messagesBefore.getOrDefault(run, List.of()).stream().filter(id -> !now.contains(id))
                    .forEach(id -> lost.add("message " + id + " of run '" + run.alias() + "'"));
        }
        scene.expect().thatSeen(lost.isEmpty(), "what the target acknowledged before the restart, read after it",
                "every project, workflow, run and message still there", lost.size() + " missing: " + lost,
                "projects " + created.projectIds() + ", runs " + created.runs().stream().map(RunRef::id).toList());
    }

    @Then("run {string} is still COMPLETED")
    public void runIsStillCompleted(String alias) {
        RunRef run = created.run(alias);
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "COMPLETED");
    }

    @Then("run {string} runs to its end and is COMPLETED")
    public void runRunsToItsEnd(String alias) {
        waits.untilStatus(created.run(alias), Set.of("COMPLETED"));
    }

    @Then("run {string} ends COMPLETED, or FAILED saying why")
    public void runEndsCompletedOrFailedSayingWhy(String alias) {
        Call read = waits.untilStatus(created.run(alias), Set.of("COMPLETED", "FAILED"));
        if ("FAILED".equals(read.text("$.status"))) {
            scene.expect().filled(read, "$.error.message");
        }
    }

    private List<String> messageIds(RunRef run, String what) {
        AgentsApi api = run.project().owner().api();
        Call page = api.listMessages(run.project().id(), run.id(), Map.of("limit", 100));
        scene.expect().status(what, page, 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode message : page.at("$.items")) {
            ids.add(message.path("id").asText());
        }
        return ids;
    }
}
