package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentsconformance.kit.config.KitConfig;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verdict of a run, case by case: a Cucumber plugin that writes
 * {@code conformance-summary.json} and {@code .md} into the reports directory.
 *
 * <p>A case passes when every scenario tagged with it passed, fails when any failed, and is
 * skipped when none ran to a verdict. Cases are grouped by area, the prefix of their ID.
 */
public final class ConformanceSummary implements ConcurrentEventListener {

    private static final Pattern CASE_TAG = Pattern.compile("@(([A-Z]+)-\\d+(?:\\.\\d+)?)");

    enum Verdict { PASSED, FAILED, SKIPPED }

    record Outcome(String scenario, Verdict verdict) { }

    private final Map<String, List<Outcome>> outcomesByCase = new ConcurrentHashMap<>();

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, this::record);
        publisher.registerHandlerFor(TestRunFinished.class, finished -> write());
    }

    private void record(TestCaseFinished event) {
        Verdict verdict = verdict(event.getResult().getStatus());
        for (String tag : event.getTestCase().getTags()) {
            Matcher m = CASE_TAG.matcher(tag);
            if (m.matches()) {
                outcomesByCase.computeIfAbsent(m.group(1), id -> new CopyOnWriteArrayList<>())
                        .add(new Outcome(event.getTestCase().getName(), verdict));
            }
        }
    }

    private static Verdict verdict(Status status) {
        return switch (status) {
            case PASSED -> Verdict.PASSED;
            case FAILED, AMBIGUOUS, UNDEFINED -> Verdict.FAILED;
            default -> Verdict.SKIPPED;
        };
    }

    static Verdict caseVerdict(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.verdict() == Verdict.FAILED)) {
            return Verdict.FAILED;
        }
        return outcomes.stream().anyMatch(o -> o.verdict() == Verdict.PASSED) ? Verdict.PASSED : Verdict.SKIPPED;
    }

    private void write() {
        KitConfig config = KitConfig.load();
        Map<String, Verdict> cases = new TreeMap<>(ConformanceSummary::compareCaseIds);
        outcomesByCase.forEach((id, outcomes) -> cases.put(id, caseVerdict(outcomes)));

        Map<String, Map<Verdict, Integer>> areas = new TreeMap<>();
        cases.forEach((id, verdict) -> areas
                .computeIfAbsent(id.substring(0, id.indexOf('-')), a -> new LinkedHashMap<>(Map.of(
                        Verdict.PASSED, 0, Verdict.FAILED, 0, Verdict.SKIPPED, 0)))
                .merge(verdict, 1, Integer::sum));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", config.targetName());
        json.put("level", config.level().name().toLowerCase(java.util.Locale.ROOT));
        json.put("finishedAt", Instant.now().toString());
        json.put("areas", areas);
        Map<String, Object> caseDetails = new LinkedHashMap<>();
        cases.forEach((id, verdict) -> caseDetails.put(id, Map.of(
                "verdict", verdict,
                "scenarios", outcomesByCase.get(id).stream().map(o -> Map.of("name", o.scenario(), "verdict", o.verdict())).toList())));
        json.put("cases", caseDetails);

        try {
            Path dir = config.reportsDir();
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("conformance-summary.json").toFile(), json);
            Files.writeString(dir.resolve("conformance-summary.md"), markdown(config, areas, cases), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the conformance summary", e);
        }
    }

    private static String markdown(KitConfig config, Map<String, Map<Verdict, Integer>> areas, Map<String, Verdict> cases) {
        StringBuilder md = new StringBuilder();
        md.append("# Conformance summary\n\n")
                .append("Target: ").append(config.targetName()).append("  \n")
                .append("Level: ").append(config.level().name().toLowerCase(java.util.Locale.ROOT)).append("\n\n")
                .append("| area | passed | failed | skipped |\n|---|---|---|---|\n");
        areas.forEach((area, counts) -> md.append("| ").append(area).append(" | ")
                .append(counts.get(Verdict.PASSED)).append(" | ")
                .append(counts.get(Verdict.FAILED)).append(" | ")
                .append(counts.get(Verdict.SKIPPED)).append(" |\n"));
        md.append("\n| case | verdict |\n|---|---|\n");
        List<String> rows = new ArrayList<>();
        cases.forEach((id, verdict) -> rows.add("| " + id + " | " + verdict.name().toLowerCase(java.util.Locale.ROOT) + " |"));
        md.append(String.join("\n", rows)).append('\n');
        return md.toString();
    }

    /** API-1.10 after API-1.9, EDGE-2 after EDGE-1: numeric parts compare as numbers. */
    static int compareCaseIds(String a, String b) {
        String[] pa = a.split("[-.]");
        String[] pb = b.split("[-.]");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = pa[i].chars().allMatch(Character::isDigit) && pb[i].chars().allMatch(Character::isDigit)
                    ? Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]))
                    : pa[i].compareTo(pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
