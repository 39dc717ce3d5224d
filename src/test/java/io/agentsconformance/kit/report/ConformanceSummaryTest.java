package io.agentsconformance.kit.report;

import io.agentsconformance.kit.report.ConformanceSummary.Outcome;
import io.agentsconformance.kit.report.ConformanceSummary.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceSummaryTest {

    @Test
    void aCaseFailsWhenAnyOfItsScenariosFailsAndIsSkippedWhenNoneReachedAVerdict() {
        assertThat(ConformanceSummary.caseVerdict(List.of(
                new Outcome("a", Verdict.PASSED), new Outcome("b", Verdict.FAILED)))).isEqualTo(Verdict.FAILED);
        assertThat(ConformanceSummary.caseVerdict(List.of(
                new Outcome("a", Verdict.PASSED), new Outcome("b", Verdict.SKIPPED)))).isEqualTo(Verdict.PASSED);
        assertThat(ConformanceSummary.caseVerdict(List.of(new Outcome("a", Verdict.SKIPPED)))).isEqualTo(Verdict.SKIPPED);
    }

    @Test
    void caseIdsSortByAreaThenNumerically() {
        List<String> ids = new ArrayList<>(List.of("API-10.1", "EDGE-2", "API-1.2", "API-2.1", "API-1.10", "EDGE-10"));
        ids.sort(ConformanceSummary::compareCaseIds);
        assertThat(ids).containsExactly("API-1.2", "API-1.10", "API-2.1", "API-10.1", "EDGE-2", "EDGE-10");
    }
}
