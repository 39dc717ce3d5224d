package io.agentsconformance.kit.cli;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KitCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KitCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheOptionsAndTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--target=URL", "--target-image=IMAGE", "--target-env=NAME=VALUE", "--token=TOKEN", "--tags=EXPRESSION", "--report-dir=DIR", "--setup=NAME",
                        "Exit codes:",
                        "2   bad configuration");
    }

    @Test
    void aMalformedOptionIsAConfigurationErrorNamingTheOption() {
        assertThat(run("--threads", "many")).isEqualTo(KitCommand.CANNOT_RUN);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threads", "many", "See --help");
    }

    @Test
    void setupNamesTheSetUpAsTheAgentsSetupPropertyAndIsLeftToTheConfigurationWhenNotGiven() {
        KitCommand given = new KitCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(given).parseArgs("--setup", "acme-admin-api");
        assertThat(given.properties()).containsEntry("agents.setup", "acme-admin-api");

        KitCommand notGiven = new KitCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(notGiven).parseArgs("--tags", "@OPS-01");
        assertThat(notGiven.properties()).doesNotContainKey("agents.setup");
    }

    @Test
    void theTargetImageOptionsAreTheTargetImageProperties() {
        KitCommand given = new KitCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(given).parseArgs("--target-image", "acme/orchestrator:1.2", "--target-env", "ACME_USERS=a:1,b:2",
                "--target-env", "ACME_MODE=strict", "--target-port", "8080", "--target-network", "bridge");
        assertThat(given.properties())
                .containsEntry("agents.target.image", "acme/orchestrator:1.2")
                .containsEntry("agents.target.env", "ACME_USERS=a:1,b:2,ACME_MODE=strict")
                .containsEntry("agents.target.port", "8080")
                .containsEntry("agents.target.network", "bridge");
        // And KitConfig reads the joined variables back as they were given.
        assertThat(io.agentsconformance.kit.config.KitConfig.from(given.properties(), java.util.Map.of()).targetEnv())
                .containsExactly(java.util.Map.entry("ACME_USERS", "a:1,b:2"), java.util.Map.entry("ACME_MODE", "strict"));

        KitCommand notGiven = new KitCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(notGiven).parseArgs("--tags", "@OPS-01");
        assertThat(notGiven.properties()).doesNotContainKeys("agents.target.image", "agents.target.env",
                "agents.target.port", "agents.target.network");
    }

    @Test
    void anImageWithoutAnEngineIsRefusedInOneLineAndOnlyAnImageAsksForTheEngine() {
        var image = io.agentsconformance.kit.config.KitConfig.from(java.util.Map.of("agents.target.image", "acme/o:1"),
                java.util.Map.of());
        var bundled = io.agentsconformance.kit.config.KitConfig.from(java.util.Map.of(), java.util.Map.of());
        java.util.Optional<String> noEngine = io.agentsconformance.kit.targetserver.ContainerTargetProbe.noEngine();

        assertThat(KitCommand.engineRefusal(image, () -> noEngine)).hasValueSatisfying(line ->
                assertThat(line).startsWith("Cannot run: --target-image (agents.target.image) needs a Docker engine")
                        .doesNotContain("\n"));
        assertThat(KitCommand.engineRefusal(image, java.util.Optional::empty)).isEmpty();
        assertThat(KitCommand.engineRefusal(bundled, () -> {
            throw new AssertionError("the engine was asked for, with no image to start");
        })).isEmpty();
    }

    @Test
    void aTagExpressionSelectsExactlyTheScenariosItNames() {
        TestPlan plan = Scenarios.discover(LauncherFactory.create());
        assertThat(Scenarios.select(plan, "@WF-04")).hasSize(2)
                .allSatisfy(test -> assertThat(test.getTags()).anyMatch(t -> t.getName().equals("WF-04")));
        assertThat(Scenarios.select(plan, "@WF-04 and not @WF-04")).isEmpty();
        assertThat(Scenarios.select(plan, null)).hasSize(Scenarios.of(plan).size());
    }

    @Test
    void loadAndBudgetOptionsSetTheirProperties() {
        KitCommand given = new KitCommand(new PrintStream(out, true, StandardCharsets.UTF_8));
        new CommandLine(given).parseArgs("--load-runs", "200", "--load-seed", "7", "--model-latency", "250ms",
                "--budget-allowance", "1s", "--budget-concurrent", "20s");
        assertThat(given.properties()).containsEntry("agents.load.runs", "200").containsEntry("agents.load.seed", "7")
                .containsEntry("agents.load.model-latency", "250ms").containsEntry("agents.budget.allowance", "1s")
                .containsEntry("agents.budget.concurrent", "20s").doesNotContainKey("agents.load.reads");
    }
}
