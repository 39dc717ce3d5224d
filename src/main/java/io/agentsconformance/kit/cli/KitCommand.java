package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.report.Baseline;
import io.agentsconformance.kit.report.ConformanceSummary;
import io.agentsconformance.kit.report.ReportDirectory;
import io.agentsconformance.kit.report.Score;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.shard.Selection;
import io.agentsconformance.kit.shard.ShardPlan;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@code java -jar agents-conformance-kit.jar}: the conformance suite on the JUnit Platform
 * Launcher, against a vendor's server or, without {@code --target}, the bundled reference server.
 *
 * <p>Every option is a way of setting one of the kit's properties ({@link KitConfig}); an option
 * left out leaves the property, then the environment variable, then the default, in charge, so the
 * jar and {@code mvn verify} read one configuration.
 */
@Command(name = "agents-conformance-kit", mixinStandardHelpOptions = true, versionProvider = KitVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks an agent-orchestrator server against the Agents API contract (spec/), playing the"
                + " user, the model and the tools around it. Without --target it starts the bundled reference server."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no MUST case failed outside the baseline (conformant, or conformant but for known failures)",
                "1:a MUST case failed and the baseline does not list it",
                "2:bad configuration, unreachable target or refused credentials, or a MUST case not testable"
                        + " (the verdict is inconclusive): not everything was judged",
                "3:the baseline lists a known failure that passes now: remove it"})
public final class KitCommand implements Callable<Integer> {

    public static final int CONFORMANT = 0;
    public static final int FAILURES = 1;
    public static final int CANNOT_RUN = 2;
    public static final int STALE_BASELINE = 3;

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the server to check (agents.target.url).")
    URI target;

    // A target started from a container image (README, "A target from a container image").
    @Option(names = "--target-image", paramLabel = "IMAGE",
            description = "A container image to start as the target instead of --target, on the local Docker engine;"
                    + " it is told where the stand-ins are and which tokens to accept through the environment variables"
                    + " spec/README.md names, and stopped at the end (agents.target.image).")
    String targetImage;

    @Option(names = "--target-env", paramLabel = "NAME=VALUE",
            description = "A variable for the target's container, beyond those the contract names; repeatable"
                    + " (agents.target.env, NAME=VALUE pairs separated by commas).")
    List<String> targetEnv;

    @Option(names = "--target-port", paramLabel = "PORT",
            description = "The port the target's container listens on; by default a free port the kit chooses and"
                    + " passes as AGENTS_PORT (agents.target.port).")
    Integer targetPort;

    @Option(names = "--target-network", paramLabel = "MODE",
            description = "host (the default: the container shares the machine's network and loopback) or bridge"
                    + " (the engine's network; the stand-ins are reached as " + KitConfig.CONTAINER_HOST_ALIAS
                    + ") (agents.target.network).")
    String targetNetwork;

    @Option(names = "--stream-url", paramLabel = "URL",
            description = "WebSocket base of its event streams, when not derived from --target (agents.target.stream-url).")
    URI streamUrl;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token of a first user (agents.target.token).")
    String token;

    @Option(names = "--other-token", paramLabel = "TOKEN",
            description = "Bearer token of a second user, for the isolation cases (agents.target.other-token).")
    String otherToken;

    @Option(names = "--target-name", paramLabel = "NAME", description = "How reports name the target (agents.target.name).")
    String targetName;

    @Option(names = "--standin-host", paramLabel = "HOST",
            description = "The address at which the target reaches the model and tool stand-ins (agents.standin.host).")
    String standinHost;

    @Option(names = "--standin-port", paramLabel = "PORT",
            description = "Port of the stand-ins; fixed for an external target, whose model base URL is"
                    + " http://HOST:PORT/v1 (agents.standin.port).")
    Integer standinPort;

    @Option(names = "--witness-port", paramLabel = "PORT",
            description = "Port of the tool that never answers (agents.standin.witness-port).")
    Integer witnessPort;

    @Option(names = "--bind-address", paramLabel = "ADDRESS",
            description = "Where the stand-ins listen, 0.0.0.0 for a target in a container (agents.standin.bind-address).")
    String bindAddress;

    @Option(names = "--level", paramLabel = "LEVEL",
            description = "lenient accepts every answer the contract allows; strict requires the preferred one"
                    + " (agents.level). It does not change what is claimed: --level strict --capabilities all judges"
                    + " everything, as strictly as the contract allows.")
    String level;

    @Option(names = "--tags", paramLabel = "EXPRESSION",
            description = "Only the scenarios matching this Cucumber tag expression, e.g. \"@API-2.3 or @WF-04\".")
    String tags;

    @Option(names = "--capabilities", paramLabel = "LIST",
            description = "The optional parts of the contract to assume the target offers, instead of what its"
                    + " /api/health declares: none, all (every capability with cases: the whole contract is judged),"
                    + " or a comma-separated list of clarification, artifacts, agent-fallback, streamed-model-answers"
                    + " (agents.capabilities).")
    String capabilities;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Known failures and known-flaky cases (YAML): listed failures do not fail the run, a listed"
                    + " failure that passes fails it as stale (agents.baseline).")
    Path baseline;

    @Option(names = "--restart-command", paramLabel = "COMMAND",
            description = "A shell command (sh -c) that restarts the target and returns once it was restarted; the"
                    + " kit then waits for GET /api/health to answer UP. With it, OPS-02 checks that what the target"
                    + " acknowledged survives the restart; without it, OPS-02 is not claimed."
                    + " The bundled server needs none (agents.target.restart-command).")
    String restartCommand;

    @Option(names = "--setup", paramLabel = "NAME",
            description = "How each scenario's projects, profiles, workflows and context items are made: fixture-api"
                    + " (the contract's fixture API, the default) or the name of a vendor's adapter on the classpath"
                    + " (agents.setup).")
    String setUp;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "1",
            description = "Run every scenario K times; a case passes only if it passed every time (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Where JUnit XML, Allure results and the conformance summary go (agents.reports.dir; default reports).")
    Path reportDir;

    @Option(names = "--html-report", negatable = true,
            description = "Render the HTML report into DIR/allure-report/index.html at the end (the default;"
                    + " --no-html-report leaves only the Allure results) (agents.report.html).")
    Boolean htmlReport;

    @Option(names = "--threads", paramLabel = "N", description = "Scenarios run at once (default ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int threads;

    // Shards (issue 22, item 4).
    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only shard I of N of the selection: cases split deterministically and balanced by recorded"
                    + " durations, a case's scenarios together; combine the N report directories with the merge command"
                    + " (agents.shard).")
    String shard;

    // --- load sizes and time budgets of the CONC and PERF cases (spec/README.md, "Load and time budgets") ---

    @Option(names = "--load-runs", paramLabel = "N",
            description = "Runs started at once by CONC-01, CONC-03 and PERF-01, at least 20 (agents.load.runs; 20).")
    Integer loadRuns;

    @Option(names = "--load-threads", paramLabel = "N",
            description = "Threads of the kit's concurrent client (agents.load.threads; 32).")
    Integer loadThreads;

    @Option(names = "--load-slots", paramLabel = "M",
            description = "maxConcurrentRuns of the project CONC-03's runs contend for (agents.load.slots; 4).")
    Integer loadSlots;

    @Option(names = "--load-reads", paramLabel = "N", description = "Reads of run state timed by PERF-01 (agents.load.reads; 100).")
    Integer loadReads;

    @Option(names = "--load-mixed", paramLabel = "N",
            description = "Runs of each pattern of CONC-05: burst, steady, random (agents.load.mixed; 10).")
    Integer loadMixed;

    @Option(names = "--load-interval", paramLabel = "DURATION",
            description = "Interval of CONC-05's steady arrivals, mean of its random ones (agents.load.interval; 50ms).")
    String loadInterval;

    @Option(names = "--load-seed", paramLabel = "SEED",
            description = "Seed of CONC-05's random arrivals, to replay a run; the report prints the one used (agents.load.seed).")
    Long loadSeed;

    @Option(names = "--load-repeats", paramLabel = "N", description = "Runs of one workflow PERF-04 compares (agents.load.repeats; 5).")
    Integer loadRepeats;

    @Option(names = "--model-latency", paramLabel = "DURATION",
            description = "How long the stand-ins take to answer in timed cases, L (agents.load.model-latency; 100ms).")
    String modelLatency;

    @Option(names = "--budget-floor-scale", paramLabel = "K",
            description = "Bare round trips a request or call may cost, k (agents.budget.floor-scale; 25).")
    Integer budgetFloorScale;

    @Option(names = "--budget-read-scale", paramLabel = "K",
            description = "Bare round trips beside it that a read of run state may cost at p95, PERF-01 (agents.budget.read-scale; 3).")
    Integer budgetReadScale;

    @Option(names = "--budget-allowance", paramLabel = "DURATION",
            description = "Fixed allowance of every time budget, A (agents.budget.allowance; 500ms).")
    String budgetAllowance;

    @Option(names = "--budget-spread", paramLabel = "RATIO",
            description = "Largest p95/p50 of PERF-04's run times (agents.budget.spread; 2).")
    Double budgetSpread;

    @Option(names = "--budget-simple", paramLabel = "DURATION",
            description = "PERF-05 ceiling of a simple run (agents.budget.simple; 15s).")
    String budgetSimple;

    @Option(names = "--budget-complex", paramLabel = "DURATION",
            description = "PERF-05 ceiling of a complex run (agents.budget.complex; 45s).")
    String budgetComplex;

    @Option(names = "--budget-concurrent", paramLabel = "DURATION",
            description = "PERF-05 ceiling of each of 3 complex runs at once (agents.budget.concurrent; 30s).")
    String budgetConcurrent;

    private final PrintStream out;

    KitCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the kit as the command line asks; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new KitCommand(out));
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        // Shards (issue 22, item 4): merge DIR... combines the shards' report directories.
        CommandLine merge = new CommandLine(new MergeCommand(out));
        merge.setOut(new java.io.PrintWriter(out, true));
        merge.setErr(new java.io.PrintWriter(err, true));
        line.addSubcommand("merge", merge);        // A usage error is a configuration error: the same exit code.
        line.setParameterExceptionHandler((e, a) -> {
            err.println(e.getMessage());
            err.println("See --help.");
            return CANNOT_RUN;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        if (threads < 1 || threads > 64) {
            out.println("--threads must be from 1 to 64; it is " + threads);
            return CANNOT_RUN;
        }
        if (repeat < 1 || repeat > 100) {
            out.println("--repeat must be from 1 to 100; it is " + repeat);
            return CANNOT_RUN;
        }
        setProperties();
        KitConfig config;
        try {
            config = KitConfig.load();
        } catch (KitConfigException e) {
            out.println("Cannot run: " + e.getMessage());
            return CANNOT_RUN;
        }
        try {
            // The report directory shows this run only (the trend of earlier runs stays in its history/).
            ReportDirectory.clearEarlierRun(config.reportsDir());
        } catch (java.io.IOException e) {
            out.println("Cannot run: cannot clear the earlier run from --report-dir " + config.reportsDir() + ": " + e);
            return CANNOT_RUN;
        }
        KitLog.toFile(config.reportsDir().resolve("kit.log"));
        // Read by Allure's lifecycle when it first starts, before any scenario.
        System.setProperty("allure.results.directory", config.reportsDir().resolve("allure-results").toString());
        // Before any scenario is even counted (and after the log went to its file, where
        // Testcontainers explains itself at length): without an engine there is no target.
        java.util.Optional<String> noEngine = engineRefusal(config, io.agentsconformance.kit.targetserver.ContainerTarget::engineProblem);
        if (noEngine.isPresent()) {
            out.println(noEngine.get());
            return CANNOT_RUN;
        }

        Launcher launcher = LauncherFactory.create();
        Requirements requirements = Requirements.packaged();
        TestPlan everything = Scenarios.discover(launcher);
        List<String> problems = requirements.check(Scenarios.of(everything));
        if (!problems.isEmpty()) {
            out.println("Cannot run: the features do not agree with " + Requirements.RESOURCE + ":");
            problems.forEach(p -> out.println("  - " + p));
            return CANNOT_RUN;
        }
        List<TestIdentifier> selected;
        try {
            selected = Scenarios.select(everything, tags);
        } catch (RuntimeException badExpression) {
            out.println("Cannot run: --tags " + tags + " is not a Cucumber tag expression: " + badExpression.getMessage());
            return CANNOT_RUN;
        }
        if (selected.isEmpty()) {
            out.println("Cannot run: no scenario matches --tags " + tags);
            return CANNOT_RUN;
        }
        // Shards (issue 22, item 4): this run's part of the selection, the same in every shard's process.
        int selectedCount = selected.size();
        if (config.shard().isPresent()) {
            try {
                ShardPlan<TestIdentifier> plan = Scenarios.shardPlan(selected, config.shard().get().count());
                selected = plan.scenarios(config.shard().get());
                out.println("Shard " + config.shard().get() + ": " + selected.size() + " of " + selectedCount
                        + " scenarios, cases " + String.join(" ", plan.caseIds(config.shard().get())));
            } catch (IllegalArgumentException e) {
                out.println("Cannot run: --shard " + config.shard().get() + ": " + e.getMessage());
                return CANNOT_RUN;
            }
        }
        Selection.choose(new Selection(tags, selectedCount, config.shard()));
        Baseline known = Baseline.EMPTY;
        if (config.baseline().isPresent()) {
            try {
                known = Baseline.load(config.baseline().get(), requirements, Scenarios.names(everything));
            } catch (KitConfigException e) {
                out.println("Cannot run: " + e.getMessage());
                return CANNOT_RUN;
            }
        }
        ConformanceSummary.useBaseline(known);
        TestPlan plan = launcher.discover(run(config, selected));
        long total = Progress.scenarios(plan) * repeat;

        out.println("Agents Conformance Kit " + KitVersion.kitVersion() + " (contract " + requirements.contractVersion()
                + "): " + total + " scenarios against " + config.targetName() + ", level "
                + config.level().name().toLowerCase(java.util.Locale.ROOT));
        try {
            Kit kit = Kit.get();
            out.println("Target ready at " + kit.target().baseUrl() + "; model stand-in at " + kit.standIns().modelBaseUrl());
            out.println("Set-up '" + kit.setUp().name() + "': " + kit.setUp().describe());
            List<String> refused = Preflight.credentials(kit);
            if (!refused.isEmpty()) {
                refused.forEach(r -> out.println("Cannot run: " + r));
                return CANNOT_RUN;
            }
        } catch (RuntimeException e) {
            out.println("Cannot run: " + e.getMessage());
            return CANNOT_RUN;
        }

        Progress progress = new Progress(out, System.console() != null, total);
        Kit.holdAcrossRounds();
        try {
            for (int round = 1; round <= repeat; round++) {
                // Each round is a whole run of the selection; the summary counts a scenario passed only if every round passed it.
                launcher.execute(round == 1 ? plan : launcher.discover(run(config, selected)), progress);
            }
        } finally {
            Kit.stop();
        }
        progress.printEnd(config.reportsDir());
        if (config.htmlReport()) {
            out.println(HtmlReport.render(config.reportsDir(), java.time.Duration.ofMinutes(5)));
        }
        Score score = ConformanceSummary.lastScore().orElse(null);
        if (score == null) {
            out.println("Cannot judge: no conformance summary was written (see " + config.reportsDir().resolve("kit.log") + ")");
            return CANNOT_RUN;
        }
        Verdict.print(out, score, repeat);
        return exitCode(score);
    }

    /** The exit code a score gives, for a run and for a merge of shards alike. */
    static int exitCode(Score score) {
        if (!score.unexpectedMustFailures().isEmpty()) {
            return FAILURES;
        }
        if (score.inconclusive()) {
            return CANNOT_RUN;
        }
        return score.stale().isEmpty() ? CONFORMANT : STALE_BASELINE;
    }

    /** The one line that stops a run whose target is an image when no engine can start it. */
    static java.util.Optional<String> engineRefusal(KitConfig config,
            java.util.function.Supplier<java.util.Optional<String>> engineProblem) {
        if (config.targetImage().isEmpty()) {
            return java.util.Optional.empty();
        }
        return engineProblem.get().map(why -> "Cannot run: " + why);
    }

    private void setProperties() {
        properties().forEach(System::setProperty);
    }

    /** The options given, as the properties KitConfig reads (an option not given changes nothing). */
    Map<String, String> properties() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("agents.target.url", target);
        given.put("agents.target.stream-url", streamUrl);
        given.put("agents.target.token", token);
        given.put("agents.target.other-token", otherToken);
        given.put("agents.target.name", targetName);
        given.put("agents.standin.host", standinHost);
        given.put("agents.standin.port", standinPort);
        given.put("agents.standin.witness-port", witnessPort);
        given.put("agents.standin.bind-address", bindAddress);
        given.put("agents.level", level);
        given.put("agents.reports.dir", reportDir);
        given.put("agents.capabilities", capabilities);
        given.put("agents.baseline", baseline);
        given.put("agents.report.html", htmlReport);
        given.put("agents.setup", setUp);
        given.put("agents.target.restart-command", restartCommand);
        given.put("agents.target.image", targetImage);
        given.put("agents.target.env", targetEnv == null ? null : String.join(",", targetEnv));
        given.put("agents.target.port", targetPort);
        given.put("agents.target.network", targetNetwork);
        given.put("agents.shard", shard);

        given.put("agents.load.runs", loadRuns);
        given.put("agents.load.threads", loadThreads);
        given.put("agents.load.slots", loadSlots);
        given.put("agents.load.reads", loadReads);
        given.put("agents.load.mixed", loadMixed);
        given.put("agents.load.interval", loadInterval);
        given.put("agents.load.seed", loadSeed);
        given.put("agents.load.repeats", loadRepeats);
        given.put("agents.load.model-latency", modelLatency);
        given.put("agents.budget.floor-scale", budgetFloorScale);
        given.put("agents.budget.read-scale", budgetReadScale);
        given.put("agents.budget.allowance", budgetAllowance);
        given.put("agents.budget.spread", budgetSpread);
        given.put("agents.budget.simple", budgetSimple);
        given.put("agents.budget.complex", budgetComplex);
        given.put("agents.budget.concurrent", budgetConcurrent);
        Map<String, String> properties = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (value != null) {
                properties.put(name, value.toString());
            }
        });
        return properties;
    }

    /** The run of the selected scenarios, writing the same outputs as the Maven run into the report directory. */
    private LauncherDiscoveryRequest run(KitConfig config, List<TestIdentifier> selected) {
        Path reports = config.reportsDir();
        var builder = tags == null && config.shard().isEmpty()
                ? request().selectors(selectPackage("features"))
                : request().selectors(selected.stream().map(test -> selectUniqueId(test.getUniqueId())).toList());
        return builder
                .configurationParameter("cucumber.execution.parallel.config.fixed.parallelism", String.valueOf(threads))
                .configurationParameter("cucumber.execution.parallel.config.fixed.max-pool-size", String.valueOf(threads))
                .configurationParameter("cucumber.plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm, "
                        + "io.agentsconformance.kit.report.ConformanceSummary, junit:" + reports.resolve("junit/cucumber.xml"))
                .build();
    }
}
