package io.agentsconformance.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.config.KitConfigException;
import io.agentsconformance.kit.report.Score.Outcome;
import io.agentsconformance.kit.report.Score.ScenarioResult;
import io.agentsconformance.kit.requirements.Declaration;
import io.agentsconformance.kit.requirements.Requirements;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict rules of spec/README.md, "Version, levels and capabilities", and the baseline's. */
class ScoreTest {

    private static final Requirements REGISTRY = Requirements.packaged();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    private static final KitConfig.Level LENIENT = KitConfig.Level.LENIENT;
    private static final Declaration ALL = new Declaration("1.0", Set.of("clarification", "artifacts", "agent-fallback"),
            "test");

    private static ScenarioResult passed(String name, String caseId) {
        return new ScenarioResult(name, List.of(caseId), 1, 0, null, null);
    }

    private static ScenarioResult failed(String name, String caseId) {
        return new ScenarioResult(name, List.of(caseId), 1, 1, null, "[" + caseId + "] expected 404, got 500");
    }

    private static Baseline baseline(String yaml) throws Exception {
        return Baseline.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "test.yaml", REGISTRY,
                List.of("A run is found", "A run is missing"));
    }

    @Test
    void conformantOnlyWhenEveryApplicableMustCasePassed() {
        Score good = Score.of(List.of(passed("a", "API-2.1"), failed("b", "MA-05")), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(REGISTRY.find("MA-05").orElseThrow().level()).isEqualTo(Requirements.Level.SHOULD);
        assertThat(good.conformant()).as("a SHOULD failure does not break conformance").isTrue();
        assertThat(good.recommendationsNotMet()).extracting(c -> c.requirement().id()).containsExactly("MA-05");
        assertThat(good.unexpectedMustFailures()).isEmpty();
        assertThat(good.headline()).isEqualTo("conformant (contract 1.0, lenient): core + clarification, artifacts,"
                + " agent-fallback; not claimed: none; MUST 1/1, SHOULD 0/1, MAY 0/0");

        Score bad = Score.of(List.of(passed("a", "API-2.1"), failed("b", "API-2.3")), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(bad.conformant()).isFalse();
        assertThat(bad.unexpectedMustFailures()).extracting(c -> c.requirement().id()).containsExactly("API-2.3");
    }

    @Test
    void aMustCaseTheKitCouldNotSetUpMakesTheVerdictInconclusiveNeverConformantNorFailed() {
        ScenarioResult notTestable = new ScenarioResult("n", List.of("API-2.3"), 1, 0, Outcome.NOT_TESTABLE,
                "not testable: the adapter cannot create a context item");
        Score score = Score.of(List.of(passed("a", "API-2.1"), notTestable), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(score.verdict()).as("verdict with a MUST case not testable").isEqualTo("inconclusive");
        assertThat(score.unexpectedMustFailures()).as("failures").isEmpty();
        assertThat(score.headline()).startsWith("inconclusive (contract 1.0, lenient): core").contains("MUST 1/1");

        Score failedToo = Score.of(List.of(failed("b", "API-2.1"), notTestable), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(failedToo.verdict()).as("a failure outweighs a gap").isEqualTo("not conformant");
    }

    @Test
    void aCaseFailsWhenAnyOfItsScenariosFailedInAnyAttempt() {
        ScenarioResult flakyOnce = new ScenarioResult("c", List.of("WS-02"), 3, 1, null, "once out of three");
        Score score = Score.of(List.of(passed("a", "WS-02"), flakyOnce), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(score.cases().get("WS-02").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void anUndeclaredCapabilityMakesItsCasesNotClaimedNeverFailedNorApplicable() {
        ScenarioResult aborted = new ScenarioResult("q", List.of("WF-04"), 1, 0, Outcome.NOT_CLAIMED, "not claimed");
        Score score = Score.of(List.of(aborted), REGISTRY, ALL, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(score.cases().get("WF-04").outcome()).isEqualTo(Outcome.NOT_CLAIMED);
        assertThat(score.cases().get("WF-04").applicable()).isFalse();
        assertThat(score.conformant()).isTrue();
        assertThat(score.counts()).containsEntry(Outcome.NOT_CLAIMED, 1).containsEntry(Outcome.FAILED, 0);
    }

    @Test
    void aCaseAddedAfterTheTargetsVersionIsNotScoredWhateverItShowed() {
        Declaration older = new Declaration("0.9", ALL.capabilities(), "test");
        Score score = Score.of(List.of(failed("b", "API-2.3")), REGISTRY, older, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(score.cases().get("API-2.3").outcome()).isEqualTo(Outcome.NOT_SCORED);
        assertThat(score.cases().get("API-2.3").result()).isEqualTo(Outcome.FAILED);
        assertThat(score.conformant()).isTrue();
        assertThat(score.unexpectedMustFailures()).isEmpty();
    }

    @Test
    void aListedFailureDoesNotFailTheRunButStaysVisibleAndKeepsTheVerdict() throws Exception {
        Baseline known = baseline("""
                known-failures:
                  - case: API-2.3
                    reason: "we answer 400 with a bad message"
                    link: https://example.com/issues/7
                """);
        Score score = Score.of(List.of(failed("b", "API-2.3")), REGISTRY, ALL, LENIENT, known, TODAY);
        assertThat(score.unexpectedMustFailures()).isEmpty();
        assertThat(score.knownFailures()).extracting(c -> c.known().link()).containsExactly("https://example.com/issues/7");
        assertThat(score.conformant()).as("a baseline hides nothing from the verdict").isFalse();
        assertThat(score.stale()).isEmpty();
    }

    @Test
    void aListedFailureThatPassesNowIsStaleButAFlakyOneIsNot() throws Exception {
        Baseline known = baseline("""
                known-failures:
                  - {case: API-2.1, reason: "used to fail"}
                  - {scenario: "A run is found", reason: "used to fail too"}
                known-flaky:
                  - {case: WS-08, reason: "resume races"}
                """);
        Score score = Score.of(List.of(passed("x", "API-2.1"), passed("A run is found", "API-3.1"), passed("y", "WS-08")),
                REGISTRY, ALL, LENIENT, known, TODAY);
        assertThat(score.stale()).extracting(Baseline.Entry::names)
                .containsExactly("API-2.1", "scenario 'A run is found'");
    }

    @Test
    void anExpiredEntryNoLongerApplies() throws Exception {
        Baseline known = baseline("""
                known-failures:
                  - {case: API-2.3, reason: "until the fix ships", expires: 2026-11-30}
                """);
        Score score = Score.of(List.of(failed("b", "API-2.3")), REGISTRY, ALL, LENIENT, known, TODAY);
        assertThat(score.unexpectedMustFailures()).hasSize(1);
        assertThat(score.expired()).hasSize(1);
    }

    @Test
    void aFailedCaseIsKnownWhenEveryFailedScenarioOfItIsListed() throws Exception {
        Baseline known = baseline("""
                known-failures:
                  - {scenario: "A run is missing", reason: "wrong wording"}
                """);
        Score score = Score.of(List.of(passed("A run is found", "API-3.2"), failed("A run is missing", "API-3.2")),
                REGISTRY, ALL, LENIENT, known, TODAY);
        assertThat(score.cases().get("API-3.2").known()).isNotNull();
        assertThat(score.unexpectedMustFailures()).isEmpty();
    }

    @Test
    void aBaselineNamingWhatTheKitDoesNotKnowIsAConfigurationError() {
        assertThatThrownBy(() -> baseline("""
                known-failures:
                  - {case: API-99.1, reason: "typo"}
                  - {scenario: "No such scenario", reason: "renamed"}
                  - {case: API-2.3}
                  - {case: API-2.3, scenario: "A run is found", reason: "both"}
                known-flakey: []
                """))
                .isInstanceOf(KitConfigException.class)
                .hasMessageContaining("known-failures[0] names case 'API-99.1'")
                .hasMessageContaining("known-failures[1] names scenario 'No such scenario'")
                .hasMessageContaining("known-failures[2] needs a 'reason'")
                .hasMessageContaining("known-failures[3] must name exactly one of 'case' and 'scenario'")
                .hasMessageContaining("unknown section 'known-flakey'");
    }

    @Test
    void theSummaryDocumentFollowsItsPublishedSchema() throws Exception {
        Baseline known = baseline("""
                known-failures:
                  - {case: API-2.3, reason: "known", link: "https://example.com/1"}
                """);
        List<ScenarioResult> results = new ArrayList<>(List.of(passed("a", "API-2.1"), failed("b", "API-2.3"),
                failed("c", "MA-05"), new ScenarioResult("q", List.of("WF-04"), 1, 0, Outcome.NOT_CLAIMED, "not claimed")));
        Score score = Score.of(results, REGISTRY, ALL, LENIENT, known, TODAY);
        KitConfig config = KitConfig.from(Map.of(), Map.of());
        JsonNode document = new ObjectMapper().valueToTree(SummaryDocument.json(score, config, REGISTRY));
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("spec/conformance-summary.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertThat(schema.validate(document)).isEmpty();
        assertThat(document.path("cases").path("WF-04").path("outcome").asText()).isEqualTo("not-claimed");
        assertThat(document.path("outcomes").path("failed").asInt()).isEqualTo(2);
        Map<String, Object> badge = SummaryDocument.badge(score);
        assertThat(badge).containsEntry("schemaVersion", 1).containsEntry("color", "red");
    }

    @Test
    void theVerdictNamesTheProfileItJudgedSoThatItIsNeverReadAsMore() throws Exception {
        // An old declaration: the retired follow-up-messages and the mode streamed-model-answers claim nothing.
        Declaration some = new Declaration("1.0", new java.util.LinkedHashSet<>(List.of("follow-up-messages",
                "agent-fallback", "streamed-model-answers")), "test");
        ScenarioResult notClaimed = new ScenarioResult("q", List.of("WF-04"), 1, 0, Outcome.NOT_CLAIMED, "not claimed");
        Score score = Score.of(List.of(passed("a", "API-7.1"), passed("f", "FAIL-03"), notClaimed), REGISTRY, some,
                LENIENT, Baseline.EMPTY, TODAY);
        String claim = "core + agent-fallback; not claimed: clarification, artifacts";

        assertThat(score.profile().claimed()).as("claimed capabilities").containsExactly("agent-fallback");
        assertThat(score.profile().notClaimed()).as("capabilities not claimed").containsExactly("clarification", "artifacts");
        assertThat(score.profile().complete()).isFalse();
        assertThat(score.headline()).as("the verdict line of the jar, the summaries and the report")
                .isEqualTo("conformant (contract 1.0, lenient): " + claim + "; MUST 2/2, SHOULD 0/0, MAY 0/0");
        assertThat(SummaryDocument.badge(score).get("message")).as("the badge")
                .isEqualTo("conformant (lenient, MUST 2/2): " + claim);
        RunFacts config = RunFacts.of(KitConfig.from(Map.of(), Map.of()));
        JsonNode json = new ObjectMapper().valueToTree(SummaryDocument.json(score, config, REGISTRY));
        assertThat(json.path("profile").path("claim").asText()).isEqualTo(claim);
        assertThat(json.path("profile").path("notClaimed")).hasSize(2);
        assertThat(SummaryDocument.markdown(score, config, REGISTRY)).contains("**Verdict: conformant (contract 1.0,"
                + " lenient): " + claim, "it says nothing of clarification, artifacts, which were not claimed");
        java.nio.file.Path results = java.nio.file.Files.createTempDirectory("allure-results");
        SummaryDocument.appendToAllureEnvironment(results, score);
        assertThat(java.nio.file.Files.readString(results.resolve("environment.properties")))
                .as("the Allure environment panel").contains("Verdict=conformant (contract 1.0, lenient): " + claim,
                        "Profile=" + claim + " (lenient)");
    }

    @Test
    void appendingMessagesIsCoreWhateverTheTargetDeclares() {
        Declaration none = new Declaration("1.0", Set.of(), "test");
        Score score = Score.of(List.of(failed("m", "API-7.1")), REGISTRY, none, LENIENT, Baseline.EMPTY, TODAY);
        assertThat(score.verdict()).as("a failed append with no capability declared").isEqualTo("not conformant");
        assertThat(score.profile().claim()).isEqualTo("core; not claimed: clarification, artifacts, agent-fallback");
    }

    @Test
    void aStrictRunClaimingEverythingSaysSo() {
        Score score = Score.of(List.of(passed("a", "API-2.1")), REGISTRY, ALL, KitConfig.Level.STRICT, Baseline.EMPTY, TODAY);
        assertThat(score.profile().complete()).isTrue();
        assertThat(score.claim()).isEqualTo("conformant (contract 1.0, strict): core + clarification, artifacts,"
                + " agent-fallback; not claimed: none");
    }

    @Test
    void caseIdsSortByAreaThenNumerically() {
        List<String> ids = new ArrayList<>(List.of("API-10.1", "EDGE-2", "API-1.2", "API-2.1", "API-1.10", "EDGE-10"));
        ids.sort(Score::compareCaseIds);
        assertThat(ids).containsExactly("API-1.2", "API-1.10", "API-2.1", "API-10.1", "EDGE-2", "EDGE-10");
    }
}
