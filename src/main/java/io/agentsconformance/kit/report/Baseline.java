package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.requirements.Requirements;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A vendor's known failures (README, "Keeping a baseline"): a YAML file of
 * {@code known-failures} and {@code known-flaky} entries, each naming a case or a scenario, with a
 * reason, a link and an optional expiry date.
 *
 * <p>A listed failure does not fail the run, and stays visible; a listed known failure that now
 * passes is stale and fails the run, so the list can only shrink; an expired entry no longer
 * applies; an entry naming nothing the kit knows is a configuration error.
 */
public final class Baseline {

    /** One entry: exactly one of {@code caseId} and {@code scenario}. */
    public record Entry(String caseId, String scenario, String reason, String link, LocalDate expires, boolean flaky) {

        public String names() {
            return caseId != null ? caseId : "scenario '" + scenario + "'";
        }

        public boolean expiredOn(LocalDate today) {
            return expires != null && expires.isBefore(today);
        }
    }

    public static final Baseline EMPTY = new Baseline(List.of());

    private final List<Entry> entries;

    private Baseline(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Reads a baseline, refusing it with every problem at once.
     *
     * @param scenarioNames the names of the kit's scenarios (as written in the features)
     */
    public static Baseline load(Path file, Requirements registry, Collection<String> scenarioNames) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new KitConfigException("agents.baseline", "'" + file + "' is not readable YAML: " + e.getMessage());
        }
        return parse(root == null ? new ObjectMapper().createObjectNode() : root, file.toString(), registry, scenarioNames);
    }

    static Baseline parse(JsonNode root, String where, Requirements registry, Collection<String> scenarioNames) {
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("known-failures") && !field.equals("known-flaky")) {
                problems.add("unknown section '" + field + "' (known-failures and known-flaky are)");
            }
        });
        for (String section : List.of("known-failures", "known-flaky")) {
            JsonNode list = root.path(section);
            for (int i = 0; i < list.size(); i++) {
                JsonNode e = list.get(i);
                String at = section + "[" + i + "]";
                String caseId = text(e, "case");
                String scenario = text(e, "scenario");
                if ((caseId == null) == (scenario == null)) {
                    problems.add(at + " must name exactly one of 'case' and 'scenario'");
                    continue;
                }
                if (caseId != null && registry.find(caseId).isEmpty()) {
                    problems.add(at + " names case '" + caseId + "', which spec/requirements.yaml does not list");
                }
                if (scenario != null && !scenarioNames.contains(scenario)) {
                    problems.add(at + " names scenario '" + scenario + "', which no feature has (give its name as"
                            + " the feature writes it)");
                }
                String reason = text(e, "reason");
                if (reason == null) {
                    problems.add(at + " needs a 'reason'");
                }
                LocalDate expires = null;
                String expiry = text(e, "expires");
                if (expiry != null) {
                    try {
                        expires = LocalDate.parse(expiry);
                    } catch (DateTimeParseException bad) {
                        problems.add(at + " has 'expires: " + expiry + "', which is not a date like 2027-01-31");
                    }
                }
                entries.add(new Entry(caseId, scenario, reason, text(e, "link"), expires, section.equals("known-flaky")));
            }
        }
        if (!problems.isEmpty()) {
            throw new KitConfigException("agents.baseline", where + " is not a valid baseline: " + String.join("; ", problems));
        }
        return new Baseline(entries);
    }

    /** The entry that covers a failed case (listed itself, or every failed scenario of it listed). */
    Optional<Entry> covering(String caseId, Collection<String> failedScenarios, LocalDate today) {
        Optional<Entry> forCase = entries.stream()
                .filter(e -> caseId.equals(e.caseId()) && !e.expiredOn(today)).findFirst();
        if (forCase.isPresent() || failedScenarios.isEmpty()) {
            return forCase;
        }
        List<Entry> forScenarios = new ArrayList<>();
        for (String scenario : failedScenarios) {
            Optional<Entry> entry = entries.stream()
                    .filter(e -> scenario.equals(e.scenario()) && !e.expiredOn(today)).findFirst();
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            forScenarios.add(entry.get());
        }
        return Optional.of(forScenarios.get(0));
    }

    private static String text(JsonNode e, String field) {
        JsonNode value = e.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }
}
