package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.report.Score;
import io.agentsconformance.kit.requirements.Requirements.Level;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The score on the terminal at the end of a run: everything a baseline keeps quiet, kept visible, then, as the
 * last line, the verdict with the profile it is about ("core + agent-fallback; not claimed: ...").
 */
final class Verdict {

    private Verdict() {
    }

    static void print(PrintStream out, Score score, int repeat) {
        out.println();
        out.println("Contract " + score.declaration().contractVersion() + ", capabilities "
                + (score.declaration().capabilities().isEmpty() ? "none" : String.join(", ", score.declaration().capabilities()))
                + " (" + score.declaration().source() + ")");
        Map<Score.Outcome, Integer> counts = score.counts();
        out.println("Cases: " + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().words())
                .collect(Collectors.joining(", ")));
        score.byArea().forEach((area, levels) -> out.printf("  %-5s MUST %-6s SHOULD %-6s MAY %s%n", area,
                levels.get(Level.MUST), levels.get(Level.SHOULD), levels.get(Level.MAY)));
        section(out, "Unexpected failures (MUST)", score.unexpectedMustFailures().stream()
                .map(c -> c.requirement().id() + ": " + c.detail()).toList());
        section(out, "Recommendations not met (SHOULD, MAY; they do not fail the run)", score.recommendationsNotMet()
                .stream().map(c -> c.requirement().id() + " (" + c.requirement().level() + "): " + c.detail()).toList());
        section(out, "Known failures (baseline; they do not fail the run)", score.knownFailures().stream()
                .map(c -> c.requirement().id() + ": " + c.known().reason()
                        + (c.known().link() == null ? "" : " " + c.known().link())).toList());
        section(out, "Stale baseline entries (they pass now: remove them; exit 3)", score.stale().stream()
                .map(e -> e.names() + ": " + e.reason()).toList());
        section(out, "Expired baseline entries (no longer applied)", score.expired().stream()
                .map(e -> e.names() + " expired " + e.expires()).toList());
        section(out, "Not claimed (capability not declared, or no way to restart the target)", score.cases().values()
                .stream().filter(c -> c.outcome() == Score.Outcome.NOT_CLAIMED)
                .map(c -> c.requirement().capability() != null ? c.requirement().id() + " needs "
                        + c.requirement().capability() : c.requirement().id() + ": " + c.detail()).toList());
        section(out, "Not testable (the kit could not set them up)", score.cases().values().stream()
                .filter(c -> c.outcome() == Score.Outcome.NOT_TESTABLE)
                .map(c -> c.requirement().id() + ": " + c.detail()).toList());
        section(out, "Not scored (added after the target's contract version)", score.cases().values().stream()
                .filter(c -> c.outcome() == Score.Outcome.NOT_SCORED)
                .map(c -> c.requirement().id() + " (since " + c.requirement().since() + "): " + c.result().words()).toList());
        // Last, where a CI log's tail shows it: the verdict and the profile it is about.
        out.println("Verdict: " + score.headline().toUpperCase(java.util.Locale.ROOT).charAt(0)
                + score.headline().substring(1) + (repeat > 1 ? " (each scenario run " + repeat + " times; passed only if"
                + " every time)" : ""));
    }

    private static void section(PrintStream out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.println(title + ":");
            lines.forEach(line -> out.println("  " + line));
        }
    }
}
