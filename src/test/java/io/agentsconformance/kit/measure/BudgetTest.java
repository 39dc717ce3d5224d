package io.agentsconformance.kit.measure;

import io.agentsconformance.kit.check.Expect;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetTest {

    @Test
    void aDistributionGivesItsPercentilesFromTheHistogram() {
        Distribution d = new Distribution("reads");
        for (int i = 1; i <= 100; i++) {
            d.record(Duration.ofMillis(i));
        }
        assertThat(d.count()).isEqualTo(100);
        assertThat(d.p50().toMillis()).isBetween(49L, 51L);
        assertThat(d.p95().toMillis()).isBetween(94L, 96L);
        assertThat(d.summary()).startsWith("reads: count 100, min 1.0 ms").contains("p99", "max 100.");
    }

    @Test
    void aMissedBudgetNamesTheCaseTheLimitTheDistributionAndTheFloor() {
        Distribution d = new Distribution("reads during load");
        d.record(Duration.ofMillis(900));
        Budget budget = new Budget("reading run state", Duration.ofMillis(530), "r 3 x F_load 10.0 ms + A 500.0 ms");
        assertThatThrownBy(() -> budget.check(new Expect(List.of("PERF-01")), "p95", d.p95(), d,
                List.of("floor: count 20, p50 1.0 ms")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[PERF-01] p95 of reading run state: expected at most 530.0 ms, got \"900.")
                .hasMessageContaining("limit 530.0 ms = r 3 x F_load")
                .hasMessageContaining("reads during load: count 1, min")
                .hasMessageContaining("floor: count 20");
    }

    @Test
    void aCeilingOnlyEverTightensABudget() {
        Budget loose = new Budget("a run", Duration.ofSeconds(20), "S + C x k x F + A");
        assertThat(loose.cappedAt(Duration.ofSeconds(15), "seed 001's ceiling").limit()).isEqualTo(Duration.ofSeconds(15));
        Budget tight = new Budget("a run", Duration.ofSeconds(2), "S + C x k x F + A");
        assertThat(tight.cappedAt(Duration.ofSeconds(15), "seed 001's ceiling").limit()).isEqualTo(Duration.ofSeconds(2));
    }
}
