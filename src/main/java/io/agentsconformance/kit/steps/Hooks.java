package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.RunRef;
import io.agentsconformance.kit.scenario.Scene;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.report.Evidence;
import io.agentsconformance.kit.report.NotClaimed;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.standin.Journal;
import java.util.List;
import io.cucumber.java.After;
import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kit starts once, before the first scenario, and every scenario cleans up after itself: it
 * stops the runs it left going (so the target is not loaded by scenarios that are over), lets its
 * held stand-in answers go, and leaves its model-request journal in the report.
 */
public final class Hooks {

    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);

    private final Scene scene;
    private final Created created;

    public Hooks(Scene scene, Created created) {
        this.scene = scene;
        this.created = created;
    }

    @BeforeAll
    public static void startKit() {
        Kit.get();
    }

    @AfterAll
    public static void stopKit() {
        Kit.endOfScenarios();
    }

    /** Where the target container's log stood when the scenario began (when the kit started one). */
    private long containerLogMark;

    @Before(order = 0)
    public void begin(Scenario scenario) {
        scene.begin(scenario.getName(), scenario.getSourceTagNames());
        scene.kit().container().ifPresent(container -> containerLogMark = container.log().mark());
    }

    /**
     * A failed scenario shows what the target's container logged while it ran (the whole log is a
     * file beside the report); a passed one does not, to keep the report small.
     */
    @After(order = 40)
    public void attachContainerLog(Scenario scenario) {
        if (!scenario.isFailed()) {
            return;
        }
        scene.kit().container().ifPresent(container -> {
            String lines = container.log().since(containerLogMark);
            Evidence.text("target container log while the scenario ran (" + container.image() + ")",
                    lines.isEmpty() ? "(nothing logged)" : lines);
        });
    }

    /**
     * A case that needs a capability the target does not declare is not run: "not claimed", never
     * failed (spec/README.md, "Version, levels and capabilities").
     */
    @Before(order = 1)
    public void onlyWhatTheTargetClaims(Scenario scenario) {
        Declaration declaration = scene.kit().declaration();
        for (String id : Requirements.caseIds(scenario.getSourceTagNames())) {
            Requirements.packaged().find(id).map(Requirements.Requirement::capability)
                    .filter(capability -> !declaration.claims(capability))
                    .ifPresent(capability -> {
                        throw new NotClaimed(id, capability);
                    });
        }
    }

    /** A scenario that restarts the target runs only when the kit can restart it (OPS-02). */
    @Before(order = 2)
    public void onlyIfTheKitCanRestart(Scenario scenario) {
        if (scenario.getSourceTagNames().contains("@restarts-target") && scene.kit().restart().isEmpty()) {
            throw new NotClaimed(String.join(", ", Requirements.caseIds(scenario.getSourceTagNames())),
                    "restart", io.agentsconformance.kit.targetserver.Restart.NO_RESTART);
        }
    }

    @After(order = 100)
    public void stopLeftoverRuns() {
        for (RunRef run : created.runs()) {
            try {
                Call read = run.project().owner().api().pollRun(run.project().id(), run.id());
                String status = read.text("$.status");
                if (java.util.Set.of("PENDING", "RUNNING", "INPUT_REQUIRED").contains(status)) {
                    run.project().owner().api().cancelRun(run.project().id(), run.id());
                }
            } catch (RuntimeException e) {
                // Clean-up must never hide the scenario's own outcome.
                LOG.warn("could not stop run {} after scenario '{}': {}", run.id(), scene.scenarioName(), e.toString());
            }
        }
        scene.gates().forEach(scene.standIns()::release);
    }

    @After(order = 50)
    public void attachJournal(Scenario scenario) {
        if (created.projectIds().isEmpty()) {
            return;
        }
        Journal journal = created.journal();
        try {
            List<String> breaches = scene.standIns().breaches(created.projectIds(), scene.began());
            if (!breaches.isEmpty()) {
                Evidence.text("requests the stand-ins could not take", String.join("\n\n", breaches));
                // A scenario that waited on the stand-ins has failed on these already; one that did
                // not must not pass over a target that misbehaved towards them.
                if (!scenario.isFailed()) {
                    throw scene.expect().failure("the model and tool requests the target made in this scenario",
                            "requests the kit can attribute and answer, no more than the run's workflow allows"
                                    + " (spec/llm-and-tools.md)", breaches.get(0), String.join("\n", breaches));
                }
            }
            if (!journal.isEmpty()) {
                Evidence.json("model and tool requests (stand-in journal)", journal.render());
            }
            if (!journal.unscripted().isEmpty()) {
                Evidence.text("requests no script answered", String.join("\n\n", journal.unscripted()));
                // The stand-in answered them with an error naming the closest stub; a scenario that
                // passed anyway did not play what it scripted, and must not pass silently.
                if (!scenario.isFailed()) {
                    throw scene.expect().failure("requests the target sent to the stand-ins",
                            "only requests the scenario scripted", journal.unscripted().size() + " unscripted",
                            String.join("\n\n", journal.unscripted()));
                }
            }
        } finally {
            scene.standIns().forget(scene.scenarioKey(), created.projectIds());
        }
    }
}
