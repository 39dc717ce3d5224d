package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verdict of a run: a Cucumber plugin that records how each scenario went and, when the run
 * ends, scores it ({@link Score}) and writes {@code conformance-summary.json} (its schema:
 * spec/conformance-summary.schema.json), {@code conformance-summary.md}, the badge
 * {@code conformance-badge.json} and the verdict into the Allure environment.
 *
 * <p>Scenarios are recorded across every run in this JVM: the kit jar's {@code --repeat K} runs
 * the plan K times, and a scenario counts as passed only when all K passed (pass^k).
 */
public final class ConformanceSummary implements ConcurrentEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceSummary.class);

    /** Scenario key (feature URI and line) to how it went so far; shared by every run in the JVM. */
    private static final Map<String, Score.ScenarioResult> RESULTS = new ConcurrentHashMap<>();
    /** Scenario key to its longest attempt, in seconds: the durations that balance shards. */
    private static final Map<String, Double> SECONDS = new ConcurrentHashMap<>();
    private static volatile Baseline baseline;
    private static volatile Score last;

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, ConformanceSummary::record);
        publisher.registerHandlerFor(io.cucumber.plugin.event.TestStepFinished.class, Traceability::record);
        publisher.registerHandlerFor(TestRunFinished.class, finished -> write());
    }

    /** The baseline the kit jar has already read and checked against every scenario. */
    public static void useBaseline(Baseline checked) {
        baseline = checked;
    }

    /** The score of the last run that ended in this JVM, if any. */
    public static Optional<Score> lastScore() {
        return Optional.ofNullable(last);
    }

    private static void record(TestCaseFinished event) {
        Status status = event.getResult().getStatus();
        Throwable error = event.getResult().getError();
        Score.Outcome aborted = null;
        String detail = null;
        boolean failed = switch (status) {
            case PASSED -> false;
            case FAILED, AMBIGUOUS, UNDEFINED -> true;
            default -> {
                aborted = error instanceof NotClaimed ? Score.Outcome.NOT_CLAIMED : Score.Outcome.NOT_TESTABLE;
                detail = error != null ? error.getMessage() : "skipped by Cucumber (" + status + ")";
                yield false;
            }
        };
        if (failed) {
            detail = error != null ? firstLine(error.getMessage()) : status.name();
        }
        String key = key(event.getTestCase());
        SECONDS.merge(key, event.getResult().getDuration().toMillis() / 1000.0, Math::max);
        List<String> caseIds = Requirements.caseIds(event.getTestCase().getTags());
        String name = event.getTestCase().getName();
        Score.Outcome abortedAs = aborted;
        String why = detail;
        RESULTS.merge(key, new Score.ScenarioResult(name, caseIds, 1, failed ? 1 : 0, abortedAs, why),
                (before, now) -> new Score.ScenarioResult(name, caseIds, before.attempts() + 1,
                        before.failures() + now.failures(), before.aborted() != null ? before.aborted() : now.aborted(),
                        before.failures() > 0 ? before.detail() : now.detail()));
    }

    /** How a scenario is known across the plugins of a run: its feature's URI and its line. */
    static String key(io.cucumber.plugin.event.TestCase testCase) {
        return testCase.getUri() + ":" + testCase.getLocation().getLine();
    }

    private static synchronized void write() {
        KitConfig config = KitConfig.load();
        Requirements registry = Requirements.packaged();
        Declaration declaration = Kit.lastStarted().map(Kit::declaration)
                .orElse(new Declaration(registry.contractVersion(), java.util.Set.of(), "the target never got ready"));
        Baseline known = baseline != null ? baseline : loadBaseline(config, registry);
        Score score = Score.of(RESULTS.values(), registry, declaration, config.level(), known, LocalDate.now());
        last = score;
        RunFacts facts = RunFacts.of(config);
        List<RunRecord.ScenarioRecord> scenarios = new java.util.ArrayList<>();
        RESULTS.forEach((key, r) -> scenarios.add(new RunRecord.ScenarioRecord(key, r.name(), r.caseIds(), r.attempts(),
                r.failures(), r.aborted(), r.detail(), SECONDS.getOrDefault(key, 0.0), Traceability.stepsOf(key))));
        scenarios.sort(java.util.Comparator.comparing(RunRecord.ScenarioRecord::key));
        var selection = io.agentsconformance.kit.shard.Selection.chosen();
        RunRecord record = new RunRecord(registry.contractVersion(), facts, declaration,
                selection.map(io.agentsconformance.kit.shard.Selection::tags).orElse(null),
                selection.map(io.agentsconformance.kit.shard.Selection::selected).orElse(null),
                selection.flatMap(io.agentsconformance.kit.shard.Selection::shard).map(Object::toString).orElse(null),
                List.copyOf(scenarios));
        try {
            writeOutputs(config.reportsDir(), score, record, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the conformance summary", e);
        }
    }

    /**
     * Everything a verdict is written as, from a score and the scenarios behind it: the summary,
     * the badge, the report's environment, the traceability matrix, the run's record and the
     * trend. A run writes them when it ends; {@code merge} writes them from shards' records.
     */
    public static void writeOutputs(Path dir, Score score, RunRecord record, Requirements registry) throws IOException {
        RunFacts facts = record.facts();
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve("conformance-summary.json").toFile(), SummaryDocument.json(score, facts, registry));
        Files.writeString(dir.resolve("conformance-summary.md"), SummaryDocument.markdown(score, facts, registry));
        json.writeValue(dir.resolve("conformance-badge.json").toFile(), SummaryDocument.badge(score));
        SummaryDocument.appendToAllureEnvironment(dir.resolve("allure-results"), score);
        Files.writeString(dir.resolve(Traceability.MARKDOWN), Traceability.markdown(score, facts, record.scenarios(), registry));
        Files.writeString(Files.createDirectories(dir.resolve("spec")).resolve(Traceability.PAGE),
                Traceability.html(score, facts, record.scenarios(), registry));
        record.write(dir);
        String version = score.declaration().contractVersion();
        HistoryTrend.extend(dir, version == null ? facts.targetName() : facts.targetName() + ", contract " + version,
                record.results());
    }

    /** In a Maven run: the baseline agents.baseline names, checked against the scenarios that ran. */
    private static Baseline loadBaseline(KitConfig config, Requirements registry) {
        if (config.baseline().isEmpty()) {
            return Baseline.EMPTY;
        }
        try {
            return Baseline.load(config.baseline().get(), registry,
                    RESULTS.values().stream().map(Score.ScenarioResult::name).toList());
        } catch (KitConfigException e) {
            LOG.error("the baseline is not used: {}", e.getMessage());
            return Baseline.EMPTY;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
