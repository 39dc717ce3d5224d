package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.requirements.Requirements;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a person sees while the kit runs. On a terminal, one line rewritten in place: scenarios
 * done of total, failures so far, the case running now and an estimate of the time left. Without
 * one (CI logs), one line per finished scenario. Failures are listed again at the end.
 */
final class Progress implements TestExecutionListener {

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long startedNanos = System.nanoTime();
    private final Map<TestIdentifier, Long> running = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private int done;
    private int passed;
    private int skipped;

    Progress(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    static long scenarios(TestPlan plan) {
        return plan.countTestIdentifiers(TestIdentifier::isTest);
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            running.put(test, System.nanoTime());
            if (terminal) {
                redraw(caseOf(test));
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            finished(test, "SKIPPED", reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        String outcome = switch (result.getStatus()) {
            case SUCCESSFUL -> "PASSED";
            case ABORTED -> result.getThrowable().filter(t -> t instanceof io.agentsconformance.kit.report.NotClaimed)
                    .isPresent() ? "NOT-CLAIMED" : "NOT-TESTABLE";
            case FAILED -> "FAILED";
        };
        finished(test, outcome, result.getThrowable().map(Progress::firstLine).orElse(null));
    }

    private synchronized void finished(TestIdentifier test, String outcome, String why) {
        Long start = running.remove(test);
        done++;
        switch (outcome) {
            case "PASSED" -> passed++;
            case "FAILED" -> failures.add(caseOf(test) + "  " + test.getDisplayName() + (why == null ? "" : "\n      " + why));
            default -> skipped++;
        }
        if (terminal) {
            if (outcome.equals("FAILED")) {
                clearLine();
                out.println("FAILED  " + caseOf(test) + "  " + test.getDisplayName());
            }
            redraw(running.keySet().stream().findFirst().map(Progress::caseOf).orElse(""));
        } else {
            long ms = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
            out.printf("[%" + width() + "d/%d] %-12s %-10s %s (%.1f s)%n", done, total, outcome, caseOf(test),
                    test.getDisplayName(), ms / 1000.0);
        }
    }

    private void redraw(String now) {
        clearLine();
        out.print(String.format("%d/%d scenarios, %d failed, %s  now: %s", done, total, failures.size(), eta(), now));
        out.flush();
    }

    private void clearLine() {
        out.print("\r\033[2K");
    }

    /** Time left at the pace so far (scenarios run concurrently, so a rate is what counts). */
    private String eta() {
        if (done == 0) {
            return "estimating time left";
        }
        long elapsed = System.nanoTime() - startedNanos;
        Duration left = Duration.ofNanos(elapsed / done * (total - done));
        return "about " + human(left) + " left";
    }

    synchronized void printEnd(Path reports) {
        if (terminal) {
            clearLine();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        out.println();
        out.println(total + " scenarios in " + human(took) + ": " + passed + " passed, " + failures.size() + " failed"
                + (skipped > 0 ? ", " + skipped + " not run (not claimed or not testable)" : ""));
        if (!failures.isEmpty()) {
            out.println("Failed:");
            failures.forEach(f -> out.println("  " + f));
        }
        out.println("Reports: " + reports.resolve("conformance-summary.md") + " (and .json, conformance-badge.json), "
                + reports.resolve("junit/cucumber.xml")
                + ", " + reports.resolve("allure-results") + " (log: " + reports.resolve("kit.log") + ")");
    }

    int failed() {
        return failures.size();
    }

    private int width() {
        return String.valueOf(total).length();
    }

    private static String caseOf(TestIdentifier test) {
        List<String> ids = Requirements.caseIds(test.getTags().stream().map(t -> t.getName()).toList());
        return ids.isEmpty() ? "(no case)" : String.join(" ", ids);
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
