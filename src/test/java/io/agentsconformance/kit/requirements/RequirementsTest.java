package io.agentsconformance.kit.requirements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentsconformance.kit.cli.Scenarios;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyFeatureScenarioNamesACaseOfTheRegistry() {
        List<Requirements.Scenario> scenarios = Scenarios.all();
        assertThat(scenarios).hasSizeGreaterThan(200);
        assertThat(Requirements.packaged().check(scenarios)).isEmpty();
    }

    /** The registry lists the catalogue, no more, no less: ../shared/CASES.md when it is beside the repository. */
    @Test
    void theRegistryListsEveryCaseOfTheCatalogue() throws Exception {
        Path catalogue = Path.of("..", "shared", "CASES.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(catalogue),
                "the catalogue is not beside the repository (../shared/CASES.md)");
        Set<String> ids = new java.util.LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ([A-Z]+-\\d+(?:\\.\\d+)?) \\|").matcher(Files.readString(catalogue));
        while (row.find()) {
            ids.add(row.group(1));
        }
        assertThat(Requirements.packaged().all().stream().map(Requirements.Requirement::id).collect(Collectors.toList()))
                .containsExactlyElementsOf(ids);
    }

    /** spec/README.md, "Version, levels and capabilities": seed 004 section 7 is an endpoint of the API, not an option. */
    @Test
    void appendingMessagesIsCoreAndTheRetiredCapabilityCoversNothing() {
        Requirements registry = Requirements.packaged();
        for (String id : List.of("API-7.1", "API-7.2", "API-7.3", "API-7.4", "API-7.5", "EDGE-2", "EDGE-6", "MA-02", "CONC-04")) {
            assertThat(registry.find(id).orElseThrow().capability()).as(id + "'s capability").isNull();
        }
        assertThat(registry.capabilities()).as("still a name a declaration may use").contains("follow-up-messages");
        assertThat(registry.capabilitiesWithCases()).as("what a claim is made of")
                .containsExactly("clarification", "artifacts", "agent-fallback");
    }

    @Test
    void aScenarioWithoutACaseTagOrWithAnUnknownOneStopsTheKit() {
        List<String> problems = Requirements.packaged().check(List.of(
                new Requirements.Scenario("untagged", "features/a.feature", List.of("slow")),
                new Requirements.Scenario("made up", "features/b.feature", List.of("API-99.9")),
                new Requirements.Scenario("fine", "features/c.feature", List.of("API-2.3"))));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("'untagged'", "features/a.feature", "has no case tag");
        assertThat(problems.get(1)).contains("'made up'", "@API-99.9", "does not list");
    }

    @Test
    void aRegistryWithACaseWithoutALevelIsRefusedNamingEveryProblem() throws Exception {
        JsonNode bad = YAML.readTree("""
                contract: "1.0"
                areas: {API: "Agents API"}
                capabilities: {clarification: "asks the user"}
                cases:
                  API-1.1: {since: "1.0", capability: null, why: "seed 004"}
                  API-1.2: {level: MUST, since: "2.0", capability: null, why: "seed 004"}
                  API-1.3: {level: MUST, since: "1.0", capability: telepathy, why: "seed 004"}
                  WF-01: {level: MAY, since: "1.0", capability: null, why: ""}
                """);
        assertThatThrownBy(() -> Requirements.parse(bad, "test.yaml"))
                .hasMessageContaining("API-1.1: level must be MUST, SHOULD or MAY")
                .hasMessageContaining("API-1.2: added in 2.0, after the contract version 1.0")
                .hasMessageContaining("API-1.3: capability 'telepathy' is not listed")
                .hasMessageContaining("WF-01: its area WF is not listed")
                .hasMessageContaining("WF-01: 'why' must say where its level comes from");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(Requirements.compareVersions("1.10", "1.9")).isPositive();
        assertThat(Requirements.compareVersions("1.0", "1")).isZero();
        assertThat(Requirements.compareVersions("1.2", "2.0")).isNegative();
    }
}
