package io.agentsconformance.kit.requirements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registry of requirements, {@code spec/requirements.yaml}: for every case of the catalogue,
 * its level (MUST, SHOULD, MAY), the contract version that added it, and the optional capability
 * it needs. Scenarios reference it through their case tags; {@link #check} is what stops the kit
 * when a scenario names no case, or a case the registry does not know.
 */
public final class Requirements {

    public static final String RESOURCE = "spec/requirements.yaml";
    /** A case tag, as Cucumber writes it with its {@code @}, or as the JUnit Platform does without. */
    private static final Pattern CASE_ID = Pattern.compile("@?([A-Z]+-\\d+(?:\\.\\d+)?)");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    public enum Level { MUST, SHOULD, MAY }

    /** One case of the catalogue. {@code capability} is null for a case every target must be able to run. */
    public record Requirement(String id, Level level, String area, String since, String capability, String why) { }

    /** A scenario as discovered: its name, where it is, and its tags. */
    public record Scenario(String name, String source, Collection<String> tags) { }

    private final String contractVersion;
    private final Map<String, String> areas;
    private final Set<String> capabilities;
    private final Map<String, Requirement> cases;
    private final Map<String, String> specs;

    private Requirements(String contractVersion, Map<String, String> areas, Set<String> capabilities,
            Map<String, Requirement> cases, Map<String, String> specs) {
        this.contractVersion = contractVersion;
        this.areas = areas;
        this.capabilities = capabilities;
        this.cases = cases;
        this.specs = specs;
    }

    private static Requirements packaged;

    /** The registry the kit carries (the spec/ directory is packaged with it). */
    public static synchronized Requirements packaged() {
        if (packaged == null) {
            try (InputStream in = Requirements.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the kit's classpath; the kit is built wrong");
                }
                packaged = parse(new ObjectMapper(new YAMLFactory()).readTree(in), "classpath:" + RESOURCE);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return packaged;
    }

    /** Reads a registry, failing with every problem it has at once. */
    static Requirements parse(JsonNode root, String where) {
        List<String> problems = new ArrayList<>();
        String version = root.path("contract").asText("");
        if (!VERSION.matcher(version).matches()) {
            problems.add("'contract' must be the contract's version, like \"1.0\"; it is '" + version + "'");
        }
        Map<String, String> areas = new LinkedHashMap<>();
        root.path("areas").fields().forEachRemaining(e -> areas.put(e.getKey(), e.getValue().asText()));
        Set<String> capabilities = new LinkedHashSet<>();
        root.path("capabilities").fields().forEachRemaining(e -> capabilities.add(e.getKey()));
        Map<String, Requirement> cases = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("cases").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            JsonNode c = entry.getValue();
            if (!CASE_ID.matcher(id).matches() || id.startsWith("@")) {
                problems.add("case '" + id + "' is not a case ID like API-2.3 or WF-04");
                continue;
            }
            String area = id.substring(0, id.indexOf('-'));
            if (!areas.containsKey(area)) {
                problems.add(id + ": its area " + area + " is not listed under 'areas'");
            }
            Level level = null;
            try {
                level = Level.valueOf(c.path("level").asText(""));
            } catch (IllegalArgumentException e) {
                problems.add(id + ": level must be MUST, SHOULD or MAY; it is '" + c.path("level").asText("") + "'");
            }
            String since = c.path("since").asText("");
            if (!VERSION.matcher(since).matches()) {
                problems.add(id + ": 'since' must be the contract version that added the case; it is '" + since + "'");
            } else if (VERSION.matcher(version).matches() && compareVersions(since, version) > 0) {
                problems.add(id + ": added in " + since + ", after the contract version " + version + " of this registry");
            }
            String capability = c.path("capability").isTextual() ? c.path("capability").asText() : null;
            if (capability != null && !capabilities.contains(capability)) {
                problems.add(id + ": capability '" + capability + "' is not listed under 'capabilities'");
            }
            String why = c.path("why").asText("");
            if (why.isBlank()) {
                problems.add(id + ": 'why' must say where its level comes from");
            }
            cases.put(id, new Requirement(id, level, area, since, capability, why));
        }
        if (cases.isEmpty()) {
            problems.add("no cases");
        }
        Map<String, String> specs = new LinkedHashMap<>();
        root.path("specs").fields().forEachRemaining(e -> specs.put(e.getKey(), e.getValue().asText()));
        areas.keySet().stream().filter(area -> !specs.containsKey(area))
                .forEach(area -> problems.add("area " + area + " has no entry under 'specs' (where its contract is written)"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(where + " is not a valid requirements registry: " + String.join("; ", problems));
        }
        return new Requirements(version, Collections.unmodifiableMap(areas), Collections.unmodifiableSet(capabilities),
                Collections.unmodifiableMap(cases), Collections.unmodifiableMap(specs));
    }

    /** Where the contract of the case's area is written: a file of spec/, with a section anchor. */
    public Optional<String> specOf(String caseId) {
        return find(caseId).map(c -> specs.get(c.area()));
    }

    /** The version of the contract this registry describes. */
    public String contractVersion() {
        return contractVersion;
    }

    public Optional<Requirement> find(String caseId) {
        return Optional.ofNullable(cases.get(caseId));
    }

    public Collection<Requirement> all() {
        return cases.values();
    }

    /** The name of an area (the prefix of its case IDs). */
    public String areaName(String area) {
        return areas.getOrDefault(area, area);
    }

    /** Every capability the registry names, including those that cover no case. */
    public Set<String> capabilities() {
        return capabilities;
    }

    /**
     * The capabilities some case needs, in the registry's order: the ones a claim is made of. A
     * capability that covers no case (one naming a mode, or one retired into the core) changes
     * nothing that is judged, so declaring it claims nothing.
     */
    public List<String> capabilitiesWithCases() {
        return capabilities.stream().filter(c -> cases.values().stream().anyMatch(r -> c.equals(r.capability()))).toList();
    }

    /** The case IDs among a scenario's tags. */
    public static List<String> caseIds(Collection<String> tags) {
        List<String> ids = new ArrayList<>();
        for (String tag : tags) {
            var m = CASE_ID.matcher(tag);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /**
     * What stops the kit before it runs anything: a scenario that names no case, and a case tag
     * the registry does not know. (A case no scenario checks yet is allowed: the summary lists it.)
     */
    public List<String> check(Collection<Scenario> scenarios) {
        List<String> problems = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<String> ids = caseIds(scenario.tags());
            if (ids.isEmpty()) {
                problems.add("scenario '" + scenario.name() + "' (" + scenario.source() + ") has no case tag: tag it with"
                        + " the case it checks, as listed in " + RESOURCE);
            }
            for (String id : ids) {
                if (!cases.containsKey(id)) {
                    problems.add("scenario '" + scenario.name() + "' (" + scenario.source() + ") is tagged @" + id
                            + ", a case " + RESOURCE + " does not list");
                }
            }
        }
        return problems;
    }

    /** "1.10" after "1.9". */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            int x = i < pa.length ? Integer.parseInt(pa[i]) : 0;
            int y = i < pb.length ? Integer.parseInt(pb[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
