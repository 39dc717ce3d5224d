package io.agentsconformance.kit.measure;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations measured under load, as an HdrHistogram (microsecond resolution, three significant
 * digits): what a budget is judged on and what a failure prints. Thread-safe, since the answers of
 * a load arrive on many threads at once.
 */
public final class Distribution {

    /** Beyond any timeout the kit allows; a longer value is clamped rather than lost. */
    private static final long HIGHEST_MICROS = Duration.ofMinutes(30).toNanos() / 1000;

    private final String name;
    private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

    public Distribution(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized void record(Duration duration) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, duration.toNanos() / 1000));
        histogram.recordValue(micros);
    }

    public void recordNanos(long nanos) {
        record(Duration.ofNanos(nanos));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0-100); zero when nothing was recorded. */
    public synchronized Duration at(double percentile) {
        return histogram.getTotalCount() == 0 ? Duration.ZERO
                : Duration.ofNanos(histogram.getValueAtPercentile(percentile) * 1000);
    }

    public Duration p50() {
        return at(50);
    }

    public Duration p95() {
        return at(95);
    }

    public synchronized Duration min() {
        return histogram.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(histogram.getMinValue() * 1000);
    }

    public synchronized Duration max() {
        return histogram.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(histogram.getMaxValue() * 1000);
    }

    /** One line: "name: count 20, min 1.2 ms, p50 ..., p95 ..., p99 ..., max ...". */
    public String summary() {
        return name + ": count " + count() + ", min " + ms(min()) + ", p50 " + ms(p50()) + ", p95 " + ms(p95())
                + ", p99 " + ms(at(99)) + ", max " + ms(max());
    }

    /** A duration in milliseconds with one decimal: the figures of a budget are read by people. */
    public static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }

    @Override
    public String toString() {
        return summary();
    }
}
