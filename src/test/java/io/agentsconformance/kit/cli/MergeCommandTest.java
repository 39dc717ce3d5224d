package io.agentsconformance.kit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.report.Baseline;
import io.agentsconformance.kit.report.RunFacts;
import io.agentsconformance.kit.report.RunRecord;
import io.agentsconformance.kit.report.RunRecord.ScenarioRecord;
import io.agentsconformance.kit.report.Score;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * merge DIR... on recorded shards: one verdict, the one a single run of the same scenarios gives,
 * and a refusal whenever the directories are not every shard of one split, each scenario once.
 */
class MergeCommandTest {

    private static final Requirements REGISTRY = Requirements.packaged();
    private static final Declaration DECLARED = new Declaration("1.0",
            Set.of("follow-up-messages", "artifacts", "agent-fallback"), "the target's GET /api/health");
    private static final RunFacts FACTS = new RunFacts("acme", "http://127.0.0.1:8080", "lenient");

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static ScenarioRecord scenario(String key, String caseId, int failures, Score.Outcome aborted) {
        return new ScenarioRecord(key, "scenario " + key, List.of(caseId), 1, failures, aborted,
                failures > 0 ? "[" + caseId + "] expected 404, got 200" : aborted != null ? "why not" : null, 1.5,
                List.of(new RunRecord.StepUse("Ada has a project", "ProjectSteps.adaHasAProject")));
    }

    /** Four cases over three shards: a MUST case failed, a case not claimed, a SHOULD case failed. */
    private static final List<List<ScenarioRecord>> SPLIT = List.of(
            List.of(scenario("a.feature:3", "API-2.1", 0, null), scenario("a.feature:9", "API-2.3", 1, null)),
            List.of(scenario("b.feature:3", "WF-04", 0, Score.Outcome.NOT_CLAIMED), scenario("b.feature:7", "API-3.2", 0, null)),
            List.of(scenario("c.feature:5", "MA-05", 1, null)));

    private Path shard(String name, String shard, List<ScenarioRecord> scenarios, int selected) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        new RunRecord(REGISTRY.contractVersion(), FACTS, DECLARED, "@API-2.1 or @API-2.3", selected, shard, scenarios)
                .write(dir);
        Path results = Files.createDirectories(dir.resolve("allure-results"));
        for (ScenarioRecord s : scenarios) {
            Files.writeString(results.resolve(java.util.UUID.randomUUID() + "-result.json"), "{\"name\":\"" + s.name() + "\"}");
        }
        Files.writeString(results.resolve("environment.properties"), "Target=acme\nTarget.URL=http://127.0.0.1:8080\n");
        Files.createDirectories(dir.resolve("junit"));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"Cucumber\" time=\"3.5\""
                + " tests=\"" + scenarios.size() + "\" skipped=\"0\" failures=\"" + scenarios.stream().filter(s -> s.failures() > 0)
                .count() + "\" errors=\"0\">\n");
        scenarios.forEach(s -> xml.append("<testcase classname=\"f\" name=\"").append(s.name()).append("\" time=\"1.5\"/>\n"));
        Files.writeString(dir.resolve("junit/cucumber.xml"), xml.append("</testsuite>\n"));
        return dir;
    }

    private List<Path> wholeSplit() throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < SPLIT.size(); i++) {
            dirs.add(shard("shard-" + (i + 1), (i + 1) + "/3", SPLIT.get(i), 5));
        }
        return dirs;
    }

    private int merge(Path into, List<Path> dirs, String... more) {
        List<String> args = new ArrayList<>(List.of("merge", "--no-html-report", "--report-dir", into.toString()));
        args.addAll(List.of(more));
        dirs.forEach(d -> args.add(d.toString()));
        return KitCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** A refusal: the merge says why (checked first, since its words tell most), and exits 2. */
    private void refused(int exit, String... why) {
        assertThat(out.toString(StandardCharsets.UTF_8)).as("what merge printed").contains(why);
        assertThat(exit).as("merge's exit code, refusing (%s)", String.join(", ", why)).isEqualTo(KitCommand.CANNOT_RUN);
    }

    @Test
    void theMergedVerdictIsTheVerdictOfOneRunOfTheSameScenarios() throws Exception {
        List<Path> dirs = wholeSplit();
        Path merged = work.resolve("merged");
        int exit = merge(merged, dirs);

        Score single = Score.of(SPLIT.stream().flatMap(List::stream).map(ScenarioRecord::result).toList(), REGISTRY,
                DECLARED, io.agentsconformance.kit.config.KitConfig.Level.LENIENT, Baseline.EMPTY, LocalDate.now());
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(KitCommand.exitCode(single))
                .isEqualTo(KitCommand.FAILURES);
        JsonNode summary = new ObjectMapper().readTree(merged.resolve("conformance-summary.json").toFile());
        assertThat(summary.path("verdict").asText()).isEqualTo(single.verdict()).isEqualTo("not conformant");
        assertThat(summary.path("headline").asText()).isEqualTo(single.headline());
        single.cases().forEach((id, c) -> assertThat(summary.path("cases").path(id).path("outcome").asText())
                .as(id).isEqualTo(c.outcome().words().replace(' ', '-')));
        assertThat(summary.path("unexpectedFailures").toString()).isEqualTo("[\"API-2.3\"]");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Merged 3 shards: 5 scenarios of acme",
                "Verdict: Not conformant");
    }

    @Test
    void theMergedReportHasEveryShardsResultsJUnitXmlTraceabilityAndTrend() throws Exception {
        List<Path> dirs = wholeSplit();
        Path merged = work.resolve("merged");
        merge(merged, dirs);

        try (Stream<Path> files = Files.list(merged.resolve("allure-results"))) {
            assertThat(files.filter(f -> f.toString().endsWith("-result.json")).count()).isEqualTo(5);
        }
        assertThat(Files.readString(merged.resolve("allure-results/environment.properties")))
                .contains("Target=acme", "Shards=3, merged", "Verdict=not conformant").doesNotContain("Target.URL");
        String junit = Files.readString(merged.resolve("junit/cucumber.xml"));
        assertThat(junit).contains("tests=\"5\"", "failures=\"2\"", "time=\"10.5\"");
        assertThat(junit.split("<testcase", -1)).hasSize(6);
        assertThat(Files.readString(merged.resolve("traceability.md")))
                .contains("| API-2.3 | MUST |", "scenario a.feature:9 (failed)", "`ProjectSteps.adaHasAProject` Ada has a project");
        assertThat(merged.resolve("spec/traceability.html")).isRegularFile();
        assertThat(merged.resolve("history/history-trend.json")).isRegularFile();
        RunRecord record = RunRecord.read(merged);
        assertThat(record.shard()).isNull();
        assertThat(record.scenarios()).hasSize(5);
    }

    @Test
    void aMissingShardIsRefused() throws Exception {
        List<Path> dirs = wholeSplit();
        refused(merge(work.resolve("merged"), List.of(dirs.get(0), dirs.get(2))), "Cannot merge: shard 2/3 is missing");
    }

    @Test
    void theSameShardTwiceIsRefused() throws Exception {
        List<Path> dirs = wholeSplit();
        Path again = shard("again", "1/3", SPLIT.get(0), 5);
        refused(merge(work.resolve("merged"), List.of(dirs.get(0), again, dirs.get(1), dirs.get(2))), "are both shard 1/3");
    }

    @Test
    void aScenarioJudgedInTwoShardsIsRefused() throws Exception {
        Path one = shard("one", "1/2", SPLIT.get(0), 3);
        Path two = shard("two", "2/2", List.of(SPLIT.get(0).get(1)), 3);
        refused(merge(work.resolve("merged"), List.of(one, two)), "was judged in", "shards of one split never overlap");
    }

    @Test
    void aShardThatDidNotFinishIsRefused() throws Exception {
        Path one = shard("one", "1/2", SPLIT.get(0), 5);
        Path two = shard("two", "2/2", SPLIT.get(1), 5);
        refused(merge(work.resolve("merged"), List.of(one, two)), "the shards judged 4 scenarios of the 5 selected");
    }

    @Test
    void aWholeRunOrAnotherTargetIsNoShard() throws Exception {
        Path whole = shard("whole", null, SPLIT.get(0), 5);
        refused(merge(work.resolve("merged"), List.of(whole)), "is a whole run, not a shard");

        out.reset();
        Path merged = work.resolve("into-a-shard");
        List<Path> dirs = wholeSplit();
        refused(merge(dirs.get(0).resolve("merged"), dirs), "must be apart");
        assertThat(merged).doesNotExist();
    }
}
