package io.agentsconformance.kit.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalsTest {

    @Test
    void randomArrivalsReplayExactlyFromTheirSeed() {
        List<Arrivals.Arrival> first = Arrivals.random(10, Duration.ofMillis(50), 42);
        assertThat(Arrivals.random(10, Duration.ofMillis(50), 42)).isEqualTo(first);
        assertThat(Arrivals.random(10, Duration.ofMillis(50), 43)).isNotEqualTo(first);
        assertThat(first).isSortedAccordingTo(java.util.Comparator.comparing(Arrivals.Arrival::offset));
    }

    @Test
    void aMixedWorkloadPlaysEveryPatternInTheOrderItIsDue() {
        List<Arrivals.Arrival> mixed = Arrivals.mixed(List.of(Arrivals.burst(3), Arrivals.steady(3, Duration.ofMillis(50)),
                Arrivals.random(3, Duration.ofMillis(50), 1)));
        assertThat(mixed).hasSize(9);
        assertThat(mixed.subList(0, 3)).allMatch(a -> a.offset().isZero());
        assertThat(mixed).isSortedAccordingTo(java.util.Comparator.comparing(Arrivals.Arrival::offset));
    }
}
