package io.agentsconformance.kit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentsconformance.kit.requirements.Declaration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run judged, scenario by scenario, in {@value #FILE}: what {@code merge} scores
 * again when a selection ran as shards, and what the traceability matrix is made of. Written by
 * every run beside its summary; its scenarios are raw (full details, steps used, durations), the
 * summary's are per case.
 *
 * @param shard    "I/N" when the run was one shard of a selection, null for a whole one
 * @param tags     the tag expression that chose the selection, null for every scenario
 * @param selected how many scenarios the selection had before sharding, null when the run did
 *                 not choose (a Maven run runs everything)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(String kitContractVersion, RunFacts facts, Declaration declaration, String tags,
        Integer selected, String shard, List<ScenarioRecord> scenarios) {

    public static final String FILE = "scenario-results.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A step definition a scenario used: its Cucumber expression and the method that implements it. */
    public record StepUse(String pattern, String location) { }

    /**
     * One scenario over every time it ran.
     *
     * @param key     the feature's URI and the scenario's line, unique in a selection
     * @param aborted NOT_CLAIMED or NOT_TESTABLE when it was aborted, else null
     * @param seconds how long it took (the longest attempt)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScenarioRecord(String key, String name, List<String> caseIds, int attempts, int failures,
            Score.Outcome aborted, String detail, double seconds, List<StepUse> steps) {

        public Score.ScenarioResult result() {
            return new Score.ScenarioResult(name, caseIds, attempts, failures, aborted, detail);
        }
    }

    public List<Score.ScenarioResult> results() {
        return scenarios.stream().map(ScenarioRecord::result).toList();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static RunRecord read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), RunRecord.class);
    }
}
