package io.agentsconformance.kit.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When the requests of a workload go out, as offsets from its start: all at once (a burst), one
 * every interval (steady), or at random intervals drawn from a seed, so that a failure can be
 * replayed exactly by running again with the same seed (spec/README.md, "Load and time budgets").
 */
public final class Arrivals {

    /** The {@code index}-th request (from 0) of a pattern, due {@code offset} after the workload starts. */
    public record Arrival(String pattern, int index, Duration offset) {
        public String label() {
            return pattern + " " + (index + 1);
        }
    }

    private Arrivals() {
    }

    public static List<Arrival> burst(int count) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arrivals.add(new Arrival("burst", i, Duration.ZERO));
        }
        return arrivals;
    }

    public static List<Arrival> steady(int count, Duration interval) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arrivals.add(new Arrival("steady", i, interval.multipliedBy(i)));
        }
        return arrivals;
    }

    /** A Poisson process: exponential gaps of mean {@code meanInterval}, the same for the same seed. */
    public static List<Arrival> random(int count, Duration meanInterval, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Arrival> arrivals = new ArrayList<>();
        double at = 0;
        for (int i = 0; i < count; i++) {
            at += -Math.log(1 - random.nextDouble()) * meanInterval.toNanos();
            arrivals.add(new Arrival("random", i, Duration.ofNanos((long) at)));
        }
        return arrivals;
    }

    /** Several patterns played together, in the order they are due. */
    public static List<Arrival> mixed(List<List<Arrival>> patterns) {
        List<Arrival> all = new ArrayList<>();
        patterns.forEach(all::addAll);
        all.sort(Comparator.comparing(Arrival::offset));
        return all;
    }

    /** A seed for a run that was given none; printed, so that it can be given next time. */
    public static long newSeed() {
        return new SplittableRandom().nextLong() & Long.MAX_VALUE;
    }
}
