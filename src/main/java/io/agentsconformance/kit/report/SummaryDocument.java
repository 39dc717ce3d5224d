package io.agentsconformance.kit.report;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.requirements.Requirements;
import io.agentsconformance.kit.requirements.Requirements.Level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forms a {@link Score} is written in: the summary JSON (schema:
 * spec/conformance-summary.schema.json), its Markdown twin, a shields.io endpoint badge, and the
 * lines of the Allure report's environment panel.
 */
final class SummaryDocument {

    private static final int DETAIL_LIMIT = 500;

    private SummaryDocument() {
    }

    static Map<String, Object> json(Score score, KitConfig config, Requirements registry) {
        return json(score, RunFacts.of(config), registry);
    }

    static Map<String, Object> json(Score score, RunFacts facts, Requirements registry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", "spec/conformance-summary.schema.json");
        json.put("kitContractVersion", registry.contractVersion());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", facts.targetName());
        target.put("url", facts.targetUrl());
        target.put("contractVersion", score.declaration().contractVersion());
        target.put("capabilities", List.copyOf(score.declaration().capabilities()));
        target.put("capabilitiesFrom", score.declaration().source());
        json.put("target", target);
        json.put("level", facts.level());
        json.put("finishedAt", Instant.now().toString());
        json.put("verdict", score.verdict());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("contractVersion", score.profile().contractVersion());
        profile.put("level", score.profile().levelName());
        profile.put("core", true);
        profile.put("claimed", score.profile().claimed());
        profile.put("notClaimed", score.profile().notClaimed());
        profile.put("complete", score.profile().complete());
        profile.put("claim", score.profile().claim());
        json.put("profile", profile);
        json.put("headline", score.headline());
        Map<String, Object> levels = new LinkedHashMap<>();
        score.byLevel().forEach((level, tally) -> levels.put(level.name(), tally(tally)));
        json.put("levels", levels);
        Map<String, Object> areas = new LinkedHashMap<>();
        score.byArea().forEach((area, byLevel) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", registry.areaName(area));
            byLevel.forEach((level, tally) -> entry.put(level.name(), tally(tally)));
            areas.put(area, entry);
        });
        json.put("areas", areas);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        score.counts().forEach((outcome, count) -> outcomes.put(key(outcome), count));
        json.put("outcomes", outcomes);
        json.put("unexpectedFailures", score.unexpectedMustFailures().stream().map(c -> c.requirement().id()).toList());
        json.put("recommendationsNotMet", score.recommendationsNotMet().stream().map(c -> c.requirement().id()).toList());
        json.put("knownFailures", score.knownFailures().stream().map(c -> entry(c.known(), c.requirement().id())).toList());
        json.put("staleBaselineEntries", score.stale().stream().map(e -> entry(e, null)).toList());
        json.put("expiredBaselineEntries", score.expired().stream().map(e -> entry(e, null)).toList());
        json.put("notRun", score.notRun());
        Map<String, Object> cases = new LinkedHashMap<>();
        score.cases().forEach((id, c) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("level", c.requirement().level().name());
            entry.put("area", c.requirement().area());
            entry.put("since", c.requirement().since());
            entry.put("capability", c.requirement().capability());
            entry.put("outcome", key(c.outcome()));
            entry.put("result", key(c.result()));
            entry.put("known", c.known() != null);
            entry.put("detail", cut(c.detail()));
            List<Map<String, Object>> scenarios = new ArrayList<>();
            for (Score.ScenarioResult s : c.scenarios()) {
                Map<String, Object> scenario = new LinkedHashMap<>();
                scenario.put("name", s.name());
                scenario.put("outcome", key(s.outcome()));
                scenario.put("attempts", s.attempts());
                scenario.put("failedAttempts", s.failures());
                scenario.put("detail", cut(s.detail()));
                scenarios.add(scenario);
            }
            entry.put("scenarios", scenarios);
            cases.put(id, entry);
        });
        json.put("cases", cases);
        return json;
    }

    static String markdown(Score score, RunFacts facts, Requirements registry) {
        StringBuilder md = new StringBuilder("# Conformance summary\n\n");
        md.append("Target: ").append(facts.targetName()).append(", contract ")
                .append(score.declaration().contractVersion()).append(" (the kit checks ").append(registry.contractVersion())
                .append(")  \nCapabilities: ").append(score.declaration().capabilities().isEmpty() ? "none"
                        : String.join(", ", score.declaration().capabilities()))
                .append(" (").append(score.declaration().source()).append(")  \nLevel: ")
                .append(facts.level()).append("\n\n");
        md.append("**Verdict: ").append(score.headline()).append("** (passed of applicable, per level)\n\n");
        md.append("The verdict is about the contract's core").append(score.profile().claimed().isEmpty() ? ""
                        : " and the capabilities " + String.join(", ", score.profile().claimed()))
                .append(", at the ").append(score.profile().levelName()).append(" level")
                .append(score.profile().complete() ? "; every capability was claimed.\n\n"
                        : "; it says nothing of " + String.join(", ", score.profile().notClaimed())
                                + ", which were not claimed (`--capabilities all` claims everything).\n\n");
        md.append("| area | MUST | SHOULD | MAY |\n|---|---|---|---|\n");
        score.byArea().forEach((area, levels) -> md.append("| ").append(registry.areaName(area)).append(" | ")
                .append(levels.get(Level.MUST)).append(" | ").append(levels.get(Level.SHOULD)).append(" | ")
                .append(levels.get(Level.MAY)).append(" |\n"));
        md.append("\n| outcome | cases |\n|---|---|\n");
        score.counts().forEach((outcome, count) -> md.append("| ").append(outcome.words()).append(" | ").append(count).append(" |\n"));
        list(md, "Unexpected failures (MUST)", score.unexpectedMustFailures().stream()
                .map(c -> c.requirement().id() + ": " + cut(c.detail())).toList());
        list(md, "Recommendations not met (SHOULD, MAY)", score.recommendationsNotMet().stream()
                .map(c -> c.requirement().id() + " (" + c.requirement().level() + "): " + cut(c.detail())).toList());
        list(md, "Known failures (baseline)", score.knownFailures().stream()
                .map(c -> c.requirement().id() + ": " + c.known().reason() + link(c.known())).toList());
        list(md, "Stale baseline entries (they pass now: remove them)", score.stale().stream()
                .map(e -> e.names() + ": " + e.reason()).toList());
        list(md, "Expired baseline entries (no longer applied)", score.expired().stream()
                .map(e -> e.names() + " expired " + e.expires()).toList());
        md.append("\n| case | level | outcome | detail |\n|---|---|---|---|\n");
        score.cases().forEach((id, c) -> md.append("| ").append(id).append(" | ").append(c.requirement().level())
                .append(" | ").append(c.outcome().words()).append(c.known() != null ? " (known)" : "")
                .append(c.outcome() == Score.Outcome.NOT_SCORED ? " (" + c.result().words() + ")" : "")
                .append(" | ").append(c.detail() == null || c.outcome() == Score.Outcome.PASSED ? ""
                        : cut(c.detail()).replace("|", "\\|")).append(" |\n"));
        if (!score.notRun().isEmpty()) {
            md.append("\nNot run (not selected, or no scenario yet): ").append(String.join(", ", score.notRun())).append('\n');
        }
        return md.toString();
    }

    /** shields.io endpoint format: https://shields.io/badges/endpoint-badge */
    static Map<String, Object> badge(Score score) {
        Map<String, Object> badge = new LinkedHashMap<>();
        badge.put("schemaVersion", 1);
        badge.put("label", "agents api " + score.declaration().contractVersion());
        Score.Tally must = score.byLevel().get(Level.MUST);
        // The claim, not just the word: a badge must not be read as more than the run proved.
        badge.put("message", score.verdict() + " (" + score.profile().levelName() + ", MUST " + must + "): "
                + score.profile().claim());
        badge.put("color", !score.conformant() ? "red" : score.inconclusive() ? "lightgrey" : "brightgreen");
        return badge;
    }

    static void appendToAllureEnvironment(Path results, Score score) throws IOException {
        Files.createDirectories(results);
        String lines = "Verdict=" + score.headline() + "\n"
                + "Profile=" + score.profile().claim() + " (" + score.profile().levelName() + ")\n"
                + "Outcomes=" + String.join(", ", score.counts().entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().words()).toList()) + "\n"
                + "Traceability=traceability.md, and spec/traceability.html beside the report\n";
        // With --repeat the summary is written after every round: the verdict replaces the earlier one.
        Path file = results.resolve("environment.properties");
        String earlier = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String kept = earlier.lines().filter(line -> !line.startsWith("Verdict=") && !line.startsWith("Profile=")
                        && !line.startsWith("Outcomes=") && !line.startsWith("Traceability="))
                .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
        Files.writeString(file, kept + lines, StandardCharsets.UTF_8);
    }

    private static void list(StringBuilder md, String title, List<String> items) {
        if (!items.isEmpty()) {
            md.append("\n").append(title).append(":\n");
            items.forEach(item -> md.append("* ").append(item).append('\n'));
        }
    }

    private static Map<String, Object> tally(Score.Tally tally) {
        return Map.of("passed", tally.passed(), "applicable", tally.applicable());
    }

    private static Map<String, Object> entry(Baseline.Entry e, String caseId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("names", caseId != null ? caseId : e.names());
        entry.put("reason", e.reason());
        entry.put("link", e.link());
        entry.put("expires", e.expires() == null ? null : e.expires().toString());
        entry.put("flaky", e.flaky());
        return entry;
    }

    private static String link(Baseline.Entry e) {
        return e.link() == null ? "" : " (" + e.link() + ")";
    }

    private static String key(Score.Outcome outcome) {
        return outcome.words().replace(' ', '-');
    }

    private static String cut(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT) + "...";
    }
}
