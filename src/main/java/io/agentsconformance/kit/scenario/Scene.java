package io.agentsconformance.kit.scenario;

import io.agentsconformance.kit.Kit;
import io.agentsconformance.kit.check.Expect;
import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.standin.StandIns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which scenario this is: its name, its case IDs (which every assertion names), the key that
 * keeps its stand-in scripts apart from other scenarios', and the gates its held answers wait at.
 * PicoContainer gives each scenario a fresh one, shared by the step classes and the other parts of
 * the scenario's context ({@link Cast}, {@link Created}, {@link Exchanges}).
 */
public final class Scene {

    private static final Pattern CASE_TAG = Pattern.compile("@([A-Z]+-\\d+(?:\\.\\d+)?)");

    private final Kit kit = Kit.get();
    private final String scenarioKey = "scenario-" + UUID.randomUUID();
    private final Instant began = Instant.now();
    private final Set<String> gates = new LinkedHashSet<>();
    private List<String> caseIds = List.of();
    private String scenarioName = "";
    private Expect expect = new Expect(List.of());

    /** Called once, by the first hook, with what Cucumber knows of the scenario. */
    public void begin(String name, Iterable<String> tags) {
        List<String> ids = new ArrayList<>();
        for (String tag : tags) {
            var m = CASE_TAG.matcher(tag);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        this.caseIds = List.copyOf(ids);
        this.scenarioName = name;
        this.expect = new Expect(caseIds);
    }

    public Kit kit() {
        return kit;
    }

    public KitConfig config() {
        return kit.config();
    }

    public StandIns standIns() {
        return kit.standIns();
    }

    /** The scenario's assertions, which name its case IDs. */
    public Expect expect() {
        return expect;
    }

    public List<String> caseIds() {
        return caseIds;
    }

    public String scenarioName() {
        return scenarioName;
    }

    /** When the scenario began: requests the stand-ins received before are not its own. */
    public Instant began() {
        return began;
    }

    /** Unique per scenario: keys its stand-in scripts and names what it creates. */
    public String scenarioKey() {
        return scenarioKey;
    }

    /** A name no other scenario uses, for things created on the target. */
    public String uniqueName(String base) {
        return base + " (" + scenarioKey.substring("scenario-".length(), "scenario-".length() + 8) + ")";
    }

    /** A gate the scenario's held answers wait at; released when the scenario ends. */
    public String gate(String name) {
        String gate = scenarioKey + "/" + name;
        gates.add(gate);
        return gate;
    }

    public Set<String> gates() {
        return gates;
    }
}
