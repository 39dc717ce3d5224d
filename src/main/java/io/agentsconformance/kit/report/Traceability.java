package io.agentsconformance.kit.report;

import io.agentsconformance.kit.requirements.Requirements;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.TestStepFinished;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traceability matrix of a run: case ID, its level and capability, the section of spec/ that
 * states it, the scenarios that checked it, the step definitions they ran, and its outcome. The
 * steps come from Cucumber's own events (which method each step of a scenario matched), so the
 * matrix shows what really ran, not what a feature file seems to say. Written as
 * {@value #MARKDOWN} and as {@code spec/}{@value #PAGE}, beside the catalogue the report links to.
 */
public final class Traceability {

    public static final String MARKDOWN = "traceability.md";
    public static final String PAGE = "traceability.html";

    /** Scenario key (as ConformanceSummary keys it) to the step definitions it used, in order of first use. */
    private static final Map<String, Set<RunRecord.StepUse>> STEPS = new ConcurrentHashMap<>();

    private Traceability() {
    }

    static void record(TestStepFinished event) {
        // A step skipped (after a failure, or in a scenario not claimed) or undefined ran nothing.
        io.cucumber.plugin.event.Status status = event.getResult().getStatus();
        if (event.getTestStep() instanceof PickleStepTestStep step && status != io.cucumber.plugin.event.Status.SKIPPED
                && status != io.cucumber.plugin.event.Status.UNDEFINED) {
            String key = ConformanceSummary.key(event.getTestCase());
            String pattern = step.getPattern() != null ? step.getPattern() : step.getStep().getText();
            String location = step.getCodeLocation() != null ? shortLocation(step.getCodeLocation()) : "(no step definition)";
            STEPS.computeIfAbsent(key, k -> java.util.Collections.synchronizedSet(new LinkedHashSet<>()))
                    .add(new RunRecord.StepUse(pattern, location));
        }
    }

    static List<RunRecord.StepUse> stepsOf(String key) {
        Set<RunRecord.StepUse> steps = STEPS.get(key);
        if (steps == null) {
            return List.of();
        }
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    /** io.agentsconformance.kit.steps.RunSteps.adaStarts(java.lang.String) reads RunSteps.adaStarts. */
    static String shortLocation(String location) {
        String method = location.contains("(") ? location.substring(0, location.indexOf('(')) : location;
        String[] parts = method.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
    }

    /** One row per case of the registry, run or not: an uncovered part of the contract shows too. */
    record Row(Requirements.Requirement requirement, String spec, String outcome, List<RunRecord.ScenarioRecord> scenarios,
            List<RunRecord.StepUse> steps) { }

    static List<Row> rows(Score score, Collection<RunRecord.ScenarioRecord> scenarios, Requirements registry) {
        Map<String, List<RunRecord.ScenarioRecord>> byCase = new LinkedHashMap<>();
        for (RunRecord.ScenarioRecord scenario : scenarios) {
            scenario.caseIds().forEach(id -> byCase.computeIfAbsent(id, k -> new ArrayList<>()).add(scenario));
        }
        List<Row> rows = new ArrayList<>();
        List<Requirements.Requirement> cases = new ArrayList<>(registry.all());
        cases.sort((a, b) -> Score.compareCaseIds(a.id(), b.id()));
        for (Requirements.Requirement requirement : cases) {
            List<RunRecord.ScenarioRecord> checked = byCase.getOrDefault(requirement.id(), List.of());
            Set<RunRecord.StepUse> steps = new LinkedHashSet<>();
            checked.forEach(s -> steps.addAll(s.steps()));
            Score.CaseResult result = score.cases().get(requirement.id());
            String outcome = result == null ? "not run" : result.outcome().words() + (result.known() != null ? " (known)" : "");
            rows.add(new Row(requirement, registry.specOf(requirement.id()).orElse("README.md"), outcome, checked,
                    List.copyOf(steps)));
        }
        return rows;
    }

    static String markdown(Score score, RunFacts facts, Collection<RunRecord.ScenarioRecord> scenarios, Requirements registry) {
        StringBuilder md = new StringBuilder("# Traceability matrix\n\n");
        md.append("Target: ").append(facts.targetName()).append(", level ").append(facts.level())
                .append(". Verdict: ").append(score.headline()).append(".\n\n")
                .append("Each case of the contract: where `spec/` states it, the scenarios that checked it in this run, the")
                .append(" step definitions those scenarios ran (from Cucumber's events), and the case's outcome.\n\n")
                .append("| case | level | capability | contract | scenarios | step definitions | outcome |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows(score, scenarios, registry)) {
            md.append("| ").append(row.requirement().id()).append(" | ").append(row.requirement().level()).append(" | ")
                    .append(row.requirement().capability() == null ? "" : row.requirement().capability()).append(" | ")
                    .append("spec/").append(row.spec()).append(" | ")
                    .append(String.join("<br>", row.scenarios().stream()
                            .map(s -> cell(s.name()) + " (" + s.result().outcome().words() + ")").toList()))
                    .append(" | ")
                    .append(String.join("<br>", row.steps().stream()
                            .map(step -> "`" + step.location() + "` " + cell(step.pattern())).toList()))
                    .append(" | ").append(row.outcome()).append(" |\n");
        }
        return md.toString();
    }

    static String html(Score score, RunFacts facts, Collection<RunRecord.ScenarioRecord> scenarios, Requirements registry) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>Agents API conformance: traceability matrix</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}
                tr:target{background:#fff3b0}code{font-size:90%}ul{margin:0;padding-left:1.2em}
                .failed{color:#b00}.passed{color:#070}</style></head><body>
                """);
        page.append("<h1>Traceability matrix</h1>\n<p>Target: ").append(escape(facts.targetName())).append(", level ")
                .append(escape(facts.level())).append(". Verdict: <b>").append(escape(score.headline())).append("</b>.</p>\n")
                .append("<p>Each case of the contract: where it is stated, the scenarios that checked it in this run, the step")
                .append(" definitions they ran (from Cucumber's events), and its outcome. Levels and reasons:")
                .append(" <a href=\"").append(CataloguePage.FILE).append("\">the catalogue</a>.</p>\n")
                .append("<table><thead><tr><th>Case</th><th>Level</th><th>Capability</th><th>Contract</th><th>Scenarios</th>")
                .append("<th>Step definitions</th><th>Outcome</th></tr></thead><tbody>\n");
        for (Row row : rows(score, scenarios, registry)) {
            String id = escape(row.requirement().id());
            page.append("<tr id=\"").append(id).append("\"><td><a href=\"").append(CataloguePage.FILE).append('#').append(id)
                    .append("\">").append(id).append("</a></td><td>").append(row.requirement().level()).append("</td><td>")
                    .append(escape(row.requirement().capability())).append("</td><td><a href=\"").append(escape(row.spec()))
                    .append("\">").append(escape(row.spec())).append("</a></td><td><ul>");
            row.scenarios().forEach(s -> page.append("<li>").append(escape(s.name())).append(" (")
                    .append(s.result().outcome().words()).append(")</li>"));
            page.append("</ul></td><td><ul>");
            row.steps().forEach(step -> page.append("<li><code>").append(escape(step.location())).append("</code> ")
                    .append(escape(step.pattern())).append("</li>"));
            page.append("</ul></td><td class=\"").append(row.outcome().startsWith("failed") ? "failed"
                    : row.outcome().startsWith("passed") ? "passed" : "").append("\">").append(escape(row.outcome()))
                    .append("</td></tr>\n");
        }
        return page.append("</tbody></table></body></html>\n").toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
