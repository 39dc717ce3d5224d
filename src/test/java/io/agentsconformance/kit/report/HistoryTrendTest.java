package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTrendTest {

    @TempDir
    Path reports;

    private static final List<Score.ScenarioResult> RUN = List.of(
            new Score.ScenarioResult("a", List.of("API-1.1"), 1, 0, null, null),
            new Score.ScenarioResult("b", List.of("API-1.2"), 1, 1, null, "expected 200, got 500"),
            new Score.ScenarioResult("c", List.of("WF-04"), 1, 0, Score.Outcome.NOT_CLAIMED, "not claimed: ..."));

    @BeforeEach
    void newJvm() {
        HistoryTrend.forgetThisRun();
    }

    @Test
    void eachRunIsAddedNewestFirstWithItsCounts() throws Exception {
        HistoryTrend.extend(reports, "first", RUN);
        HistoryTrend.forgetThisRun();
        HistoryTrend.extend(reports, "second", RUN.subList(0, 1));

        JsonNode trend = new ObjectMapper().readTree(HistoryTrend.kept(reports).toFile());
        assertThat(trend).as("the trend after two runs").hasSize(2);
        assertThat(trend.get(0).path("buildOrder").asInt()).as("the newest run's build order").isEqualTo(2);
        assertThat(trend.get(1).path("data").toString()).as("the first run's counts")
                .isEqualTo("{\"failed\":1,\"broken\":0,\"skipped\":1,\"passed\":1,\"unknown\":0,\"total\":3}");
    }

    @Test
    void aLaterRoundOfTheSameRunReplacesItsEntry() throws Exception {
        HistoryTrend.extend(reports, "round 1", RUN);
        HistoryTrend.extend(reports, "round 2", RUN);

        JsonNode trend = new ObjectMapper().readTree(HistoryTrend.kept(reports).toFile());
        assertThat(trend).as("the trend of one run with two rounds").hasSize(1);
        assertThat(trend.get(0).path("reportName").asText()).isEqualTo("round 2");
    }

    @Test
    void keepsTheNewestTwentyRuns() throws Exception {
        for (int i = 0; i < HistoryTrend.KEPT + 5; i++) {
            HistoryTrend.forgetThisRun();
            HistoryTrend.extend(reports, "run " + i, RUN);
        }
        JsonNode trend = new ObjectMapper().readTree(HistoryTrend.kept(reports).toFile());
        assertThat(trend).as("the runs kept").hasSize(HistoryTrend.KEPT);
        assertThat(trend.get(0).path("buildOrder").asInt()).isEqualTo(HistoryTrend.KEPT + 5);
    }
}
