package io.agentsconformance.kit;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.contract.Contract;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.setup.SetUps;
import io.agentsconformance.kit.setup.TargetSetUp;
import io.agentsconformance.kit.standin.StandIns;
import io.agentsconformance.kit.targetserver.BundledServer;
import io.agentsconformance.kit.targetserver.ContainerTarget;
import io.agentsconformance.kit.targetserver.Readiness;
import io.agentsconformance.kit.targetserver.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What lives for the whole run of the suite: the configuration, the stand-ins, and the target
 * (started here when it is the bundled reference server). Scenarios share it; everything
 * scenario-specific lives in the per-scenario world instead.
 */
public final class Kit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kit.class);
    private static Kit current;
    private static Kit last;
    private static RuntimeException startFailure;
    // Rounds of --repeat share one kit: stand-ins restarted between rounds on a fixed port would
    // leave the target's pooled connections to the old ones dead, and its next model call failing.
    private static boolean heldAcrossRounds;

    private final KitConfig config;
    private final Contract contract;
    private final StandIns standIns;
    private final Optional<BundledServer> bundled;
    private final Optional<ContainerTarget> container;
    private final Target target;
    private final Readiness.Report readiness;
    private final Declaration declaration;
    private final TargetSetUp setUp;

    private Kit(KitConfig config, Contract contract, TargetSetUp setUp, StandIns standIns, Optional<BundledServer> bundled,
                Optional<ContainerTarget> container, Target target, Readiness.Report readiness, Declaration declaration) {
        this.config = config;
        this.contract = contract;
        this.setUp = setUp;
        this.standIns = standIns;
        this.bundled = bundled;
        this.container = container;
        this.target = target;
        this.readiness = readiness;
        this.declaration = declaration;
    }

    /**
     * The running kit, started on first use: stand-ins first, then the target, then its readiness.
     * A start that failed is not tried again: every later scenario fails at once with its reason,
     * instead of waiting out the startup timeout again.
     */
    public static synchronized Kit get() {
        if (startFailure != null) {
            throw new IllegalStateException("the kit could not start: " + startFailure.getMessage(), startFailure);
        }
        if (current == null) {
            try {
                current = start(KitConfig.load());
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(Kit::stop, "kit-shutdown"));
        }
        return current;
    }

    /**
     * The kit running now, or the last one that ran (the summary is written after the scenarios
     * stopped it); empty if none started, when there is no target to speak of.
     */
    public static synchronized Optional<Kit> lastStarted() {
        return Optional.ofNullable(current != null ? current : last);
    }

    /**
     * Keeps the kit running when a run of scenarios ends ({@link #endOfScenarios()}), until
     * {@link #stop()}: the kit jar's rounds of {@code --repeat} run against the same stand-ins and target.
     */
    public static synchronized void holdAcrossRounds() {
        heldAcrossRounds = true;
    }

    /** The end of one run of scenarios: stops the kit unless it is held across rounds. */
    public static synchronized void endOfScenarios() {
        if (!heldAcrossRounds) {
            stop();
        }
    }

    /** Stops the stand-ins and the bundled server, if they were started. */
    public static synchronized void stop() {
        heldAcrossRounds = false;
        if (current != null) {
            current.close();
            last = current;
            current = null;
        }
    }

    static Kit start(KitConfig config) {
        LOG.info("Agents Conformance Kit: {}", config);
        // Shards (issue 22, item 4): only the kit jar splits a selection; a Maven run would run all of it unsaid.
        if (config.shard().isPresent() && io.agentsconformance.kit.shard.Selection.chosen().isEmpty()) {
            throw new io.agentsconformance.kit.config.KitConfigException("agents.shard", "only the kit jar runs a shard"
                    + " (java -jar agents-conformance-kit.jar --shard " + config.shard().get() + "); a Maven run runs"
                    + " every scenario, so leave it unset there");
        }
        // First, and cheap: a contract that cannot be read stops the kit before anything starts.
        Contract contract = config.contract().map(Contract::load).orElseGet(Contract::packaged);
        // Just as early: with a set-up the classpath does not have, no scenario could be set up.
        TargetSetUp setUp = SetUps.selected(config);
        LOG.info("Set-up '{}': {}", setUp.name(), setUp.describe());
        StandIns standIns = StandIns.start(config);
        Optional<BundledServer> bundled = Optional.empty();
        Optional<ContainerTarget> container = Optional.empty();
        try {
            Target target;
            if (config.targetImage().isPresent()) {
                ContainerTarget started = ContainerTarget.start(config, standIns);
                container = Optional.of(started);
                target = new Target(config.targetName(), started.baseUrl(),
                        config.streamUrl().orElse(Target.streamUrlFor(started.baseUrl())));
            } else if (config.startsBundledServer()) {
                BundledServer server = BundledServer.start(config, standIns.modelBaseUrl());
                bundled = Optional.of(server);
                target = new Target(config.targetName(), server.baseUrl(), Target.streamUrlFor(server.baseUrl()));
            } else {
                var url = config.targetUrl().orElseThrow();
                target = new Target(config.targetName(), url, config.streamUrl().orElse(Target.streamUrlFor(url)));
            }
            Readiness.Report readiness = container.isPresent()
                    ? Readiness.until(target.baseUrl(), config.startupTimeout(), container.get()::gone)
                    : Readiness.until(target.baseUrl(), config.startupTimeout());
            LOG.info("Target {} at {} ready after {} ms; model stand-in at {}", target.name(), target.baseUrl(),
                    readiness.waited().toMillis(), standIns.modelBaseUrl());
            Declaration declaration = Declaration.of(readiness.body(), config.capabilities(), Requirements.packaged());
            LOG.info("Target implements contract {} with capabilities {} ({})", declaration.contractVersion(),
                    declaration.capabilities(), declaration.source());
            describeRunForTheReport(config, target, standIns, declaration, setUp, container);
            return new Kit(config, contract, setUp, standIns, bundled, container, target, readiness, declaration);
        } catch (RuntimeException e) {
            container.ifPresent(ContainerTarget::close);
            bundled.ifPresent(BundledServer::close);
            standIns.close();
            throw e;
        }
    }

    /** Allure shows these on the report's front page: which target, at which level, how reached. */
    private static void describeRunForTheReport(KitConfig config, Target target, StandIns standIns,
            Declaration declaration, TargetSetUp setUp, Optional<ContainerTarget> container) {
        Path results = config.reportsDir().resolve("allure-results");
        String environment = String.join("\n",
                "Target=" + target.name(),
                "Target.URL=" + target.baseUrl(),
                "Target.image=" + container.map(c -> c.image() + " (its log: "
                        + config.reportsDir().relativize(c.logFile()) + " beside the report; a failed scenario"
                        + " shows the lines logged while it ran)").orElse("none: not started by the kit from an image"),
                "Stream.URL=" + target.streamUrl(),
                "Level=" + config.level().name().toLowerCase(java.util.Locale.ROOT),
                "Contract.version=" + declaration.contractVersion() + " (the kit checks "
                        + Requirements.packaged().contractVersion() + ")",
                "Capabilities=" + (declaration.capabilities().isEmpty() ? "none" : String.join(", ",
                        declaration.capabilities())) + " (" + declaration.source() + ")",
                "Model.stand-in=" + standIns.modelBaseUrl(),
                "Set-up=" + setUp.name() + ": " + setUp.describe(),
                "Timeouts=http " + config.httpTimeout() + ", run " + config.runTimeout() + ", stream " + config.streamTimeout(),
                "Java=" + System.getProperty("java.version")) + "\n";
        try {
            Files.createDirectories(results);
            Files.writeString(results.resolve("environment.properties"), environment);
            io.agentsconformance.kit.report.ReportDirectory.prepare(config.reportsDir(), Requirements.packaged());
        } catch (IOException e) {
            LOG.warn("could not describe the run in {}: {}", results, e.toString());
        }
    }

    public KitConfig config() {
        return config;
    }

    /** The written contract every answer of the target is checked against. */
    public Contract contract() {
        return contract;
    }

    /** What builds each scenario's projects, profiles, workflows and context items on the target. */
    public TargetSetUp setUp() {
        return setUp;
    }

    public StandIns standIns() {
        return standIns;
    }

    public Target target() {
        return target;
    }

    /** What the target's health endpoint said when the kit decided it was ready. */
    public Readiness.Report readiness() {
        return readiness;
    }

    /** What the target says it implements: its contract version and capabilities. */
    public Declaration declaration() {
        return declaration;
    }

    public Optional<BundledServer> bundledServer() {
        return bundled;
    }

    /** How the kit can restart the target (OPS-02), if it can. */
    public Optional<io.agentsconformance.kit.targetserver.Restart> restart() {
        if (bundled.isPresent()) {
            return Optional.of(io.agentsconformance.kit.targetserver.Restart.bundled(bundled.get(),
                    config.startupTimeout()));
        }
        return config.restartCommand().map(command -> io.agentsconformance.kit.targetserver.Restart.command(command,
                target.baseUrl(), config.startupTimeout(), config.reportsDir().resolve("restart-command.log")));
    }

    /** The target's container, when the kit started it from an image. */
    public Optional<ContainerTarget> container() {
        return container;
    }

    @Override
    public void close() {
        // The target first, so that nothing calls the stand-ins while they stop.
        container.ifPresent(ContainerTarget::close);
        bundled.ifPresent(BundledServer::close);
        standIns.close();
    }
}
