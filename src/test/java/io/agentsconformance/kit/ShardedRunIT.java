package io.agentsconformance.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small selection run by the kit jar whole and as three shards, then merged (README, "Shards"):
 * together the shards run every scenario of the selection exactly once, and the merged verdict,
 * score and case outcomes are the whole run's. A capability left undeclared makes one case not
 * claimed, so more than "everything passed" has to come through the merge intact.
 */
class ShardedRunIT {

    private static final Path KIT = Path.of(System.getProperty("agents.kit.jar", "target/kit/agents-conformance-kit.jar"));
    private static final Path WORK = Path.of(System.getProperty("agents.kit.it.dir", "target/kit/kit-jar-it"))
            .resolve("sharded");
    /** Six cases of quick scenarios, WF-04 among them (two scenarios, not claimed below). */
    private static final String SELECTION = "@OPS-01 or @API-3.2 or @API-2.3 or @API-8.5 or @API-6.2 or @WF-04";
    private static final String CAPABILITIES = "follow-up-messages,artifacts,agent-fallback";
    private static final int SHARDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(int exit, String output) { }

    private static Outcome whole;
    private static final List<Outcome> SHARD_RUNS = new ArrayList<>();
    private static Outcome merge;

    @BeforeAll
    static void runTheSelectionWholeAndAsShardsThenMerge() throws Exception {
        whole = kit("whole", "--tags", SELECTION, "--capabilities", CAPABILITIES);
        for (int i = 1; i <= SHARDS; i++) {
            SHARD_RUNS.add(kit("shard-" + i, "--tags", SELECTION, "--capabilities", CAPABILITIES, "--shard", i + "/" + SHARDS));
        }
        List<String> merging = new ArrayList<>(List.of("merge", "--report-dir", WORK.resolve("merged").toString()));
        for (int i = 1; i <= SHARDS; i++) {
            merging.add(WORK.resolve("shard-" + i).toString());
        }
        merge = kit(null, merging.toArray(String[]::new));
    }

    @Test
    void theShardsTogetherRunEveryScenarioOfTheSelectionExactlyOnce() throws Exception {
        assertThat(whole.exit()).as(whole.output()).isZero();
        List<String> wholeKeys = keys(WORK.resolve("whole"));
        assertThat(wholeKeys).hasSizeGreaterThanOrEqualTo(SHARDS).doesNotHaveDuplicates();
        Map<String, Integer> shardOf = new HashMap<>();
        for (int i = 1; i <= SHARDS; i++) {
            Outcome shard = SHARD_RUNS.get(i - 1);
            assertThat(shard.exit()).as(shard.output()).isZero();
            assertThat(shard.output()).contains("Shard " + i + "/" + SHARDS + ": ");
            List<String> keys = keys(WORK.resolve("shard-" + i));
            assertThat(keys).as("shard %d/%d", i, SHARDS).isNotEmpty();
            for (String key : keys) {
                assertThat(shardOf.put(key, i)).as("%s judged in shard %d and in shard %s", key, i, shardOf.get(key)).isNull();
            }
        }
        assertThat(shardOf.keySet()).containsExactlyInAnyOrderElementsOf(wholeKeys);
    }

    @Test
    void theMergedVerdictScoreAndCaseOutcomesAreTheWholeRuns() throws Exception {
        assertThat(merge.exit()).as(merge.output()).isEqualTo(whole.exit());
        JsonNode single = JSON.readTree(WORK.resolve("whole/reports/conformance-summary.json").toFile());
        JsonNode merged = JSON.readTree(WORK.resolve("merged/conformance-summary.json").toFile());
        assertThat(merged.path("verdict")).isEqualTo(single.path("verdict"));
        assertThat(merged.path("headline")).isEqualTo(single.path("headline"));
        assertThat(merged.path("levels")).isEqualTo(single.path("levels"));
        assertThat(merged.path("outcomes")).isEqualTo(single.path("outcomes"));
        assertThat(outcomes(merged)).isEqualTo(outcomes(single)).containsEntry("WF-04", "not-claimed")
                .containsEntry("OPS-01", "passed");
        assertThat(merge.output()).contains("Merged " + SHARDS + " shards", "Verdict: Conformant");
        assertThat(WORK.resolve("merged/allure-report/index.html")).isRegularFile();
        String junit = Files.readString(WORK.resolve("merged/junit/cucumber.xml"), StandardCharsets.UTF_8);
        assertThat(junit.split("<testcase", -1)).hasSize(keys(WORK.resolve("whole")).size() + 1);
        assertThat(Files.readString(WORK.resolve("merged/traceability.md"), StandardCharsets.UTF_8))
                .contains("| OPS-01 | SHOULD |").contains("ReadinessSteps.");
    }

    private static Map<String, String> outcomes(JsonNode summary) {
        Map<String, String> outcomes = new TreeMap<>();
        summary.path("cases").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().path("outcome").asText()));
        return outcomes;
    }

    private static List<String> keys(Path run) throws Exception {
        Path dir = Files.isDirectory(run.resolve("reports")) ? run.resolve("reports") : run;
        List<String> keys = new ArrayList<>();
        JSON.readTree(dir.resolve("scenario-results.json").toFile()).path("scenarios")
                .forEach(s -> keys.add(s.path("key").asText()));
        return keys;
    }

    /** Runs the kit jar; a run named writes its reports into WORK/name (the shards straight there, for merge). */
    private static Outcome kit(String name, String... args) throws Exception {
        Files.createDirectories(WORK);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", KIT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        if (name != null) {
            Path reports = name.startsWith("shard-") ? WORK.resolve(name) : WORK.resolve(name).resolve("reports");
            command.addAll(List.of("--report-dir", reports.toString(), "--no-html-report"));
        }
        Path output = WORK.resolve((name == null ? "merge" : name) + ".txt");
        Process kit = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!kit.waitFor(5, TimeUnit.MINUTES)) {
            kit.destroyForcibly();
            throw new AssertionError("the kit jar did not end within 5 minutes: " + Files.readString(output));
        }
        return new Outcome(kit.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
