package io.agentsconformance.kit.measure;

import io.agentsconformance.kit.check.Expect;
import io.agentsconformance.kit.report.Evidence;

import java.time.Duration;
import java.util.List;

/**
 * A time budget of spec/README.md "Load and time budgets": a limit worked out from a floor measured
 * in the same run, and a measured distribution held against it. Pass or fail, the figures go to the
 * report; a failure names the case, the limit with its formula, the distribution and the floor.
 */
public final class Budget {

    private final String what;
    private final Duration limit;
    private final String formula;

    /**
     * @param what    what is timed, as the failure names it ("p95 of reading a run during load")
     * @param limit   the budget
     * @param formula how the limit was worked out, with the values that went in
     */
    public Budget(String what, Duration limit, String formula) {
        this.what = what;
        this.limit = limit;
        this.formula = formula;
    }

    public Duration limit() {
        return limit;
    }

    /** The smaller of this budget and a ceiling (the seeds' absolute limits of PERF-05). */
    public Budget cappedAt(Duration ceiling, String ceilingName) {
        return limit.compareTo(ceiling) <= 0 ? this
                : new Budget(what, ceiling, ceilingName + " " + Distribution.ms(ceiling) + " (below " + formula + ")");
    }

    /**
     * Checks the measured value ({@code measured}, e.g. the distribution's p95) against the limit.
     * {@code context} lists what else a reader needs: the floor, the kit's own overhead.
     */
    public void check(Expect expect, String statistic, Duration measured, Distribution distribution, List<String> context) {
        String figures = "limit " + Distribution.ms(limit) + " = " + formula + "\n  measured " + distribution.summary()
                + (context.isEmpty() ? "" : "\n  " + String.join("\n  ", context));
        Evidence.text("budget: " + what, statistic + " " + Distribution.ms(measured) + " against " + figures);
        if (measured.compareTo(limit) > 0) {
            throw expect.failure(statistic + " of " + what, "at most " + Distribution.ms(limit),
                    Distribution.ms(measured), figures);
        }
    }

    @Override
    public String toString() {
        return what + ": " + Distribution.ms(limit) + " = " + formula;
    }
}
