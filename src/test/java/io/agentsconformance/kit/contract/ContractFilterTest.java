package io.agentsconformance.kit.contract;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.agentsconformance.kit.api.AgentsApi;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.check.Expect;
import io.qameta.allure.AllureLifecycle;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract checking as the kit does it, end to end: the kit's own AgentsApi, over real HTTP, to a
 * WireMock target whose canned answers conform to spec/openapi.yaml or break it in one way each.
 */
class ContractFilterTest {

    private static final String RUN_PATH = "/api/projects/proj_1/agent-runs/run_1";
    private static final String RUN = """
            {"id": "run_1", "projectId": "proj_1", "workflowId": "wf_1", "status": "RUNNING",
             "inputQuery": "Where should this ticket go?", "outputSummary": null,
             "startedAt": "2024-01-15T10:00:00.000Z", "finishedAt": null, "contextItemIds": ["ctx_1"], "error": null}
            """;
    private static final String NOT_FOUND = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Agent run not found"}
            """;

    private static WireMockServer target;
    private static AgentsApi api;
    private static ContractFilter contractCheck;

    @BeforeAll
    static void start() {
        // The Allure filter of reported calls logs an error per exchange when no Allure test is
        // running: true here, and beside the point of these tests.
        ((Logger) LoggerFactory.getLogger(AllureLifecycle.class)).setLevel(Level.OFF);
        target = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        target.start();
        contractCheck = new ContractFilter(Contract.packaged(), new Expect(List.of("API-3.1")));
        api = AgentsApi.asUser(URI.create(target.baseUrl()), "ada-secret-token", Duration.ofSeconds(5), contractCheck);
    }

    @AfterAll
    static void stop() {
        target.stop();
        ((Logger) LoggerFactory.getLogger(AllureLifecycle.class)).setLevel(null);
    }

    @BeforeEach
    void forgetAnswers() {
        target.resetAll();
    }

    @Test
    void aConformingAnswerPasses() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN));

        Call call = api.getRun("proj_1", "run_1");

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.text("$.status")).isEqualTo("RUNNING");
    }

    @Test
    void aProblemDocumentFor404Passes() {
        answer(get(urlPathEqualTo(RUN_PATH)), aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody(NOT_FOUND));

        assertThat(api.getRun("proj_1", "run_1").status()).isEqualTo(404);
    }

    @Test
    void anAnswerWithoutTheBodyItsStatusDocumentsNoneAndA2xxWithAListPass() {
        answer(delete(urlPathEqualTo("/api/projects/proj_1/workflows/wf_1")), aResponse().withStatus(204));
        answer(get(urlPathEqualTo("/api/agents/profiles")), json(200, """
                [{"id": "agent_1", "name": "Triage", "description": "Routes tickets", "capabilities": ["routing"],
                  "instructions": null, "builtIn": true}]
                """));

        assertThat(api.deleteWorkflow("proj_1", "wf_1").status()).isEqualTo(204);
        assertThat(api.listAgentProfiles().status()).isEqualTo(200);
    }

    @Test
    void anUndocumentedStatusFailsNamingTheRequestTheStatusAndTheCase() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(418, "{}"));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[API-3.1] answer of GET /api/projects/{projectId}/agent-runs/{runId} (getAgentRun): "
                        + "expected what spec/openapi.yaml documents, got 418 with status: 418 is not documented for"
                        + " GET /api/projects/{projectId}/agent-runs/{runId} (getAgentRun); it documents ")
                .hasMessageEndingWith("\n  GET " + RUN_PATH + " answered 418 {}");
    }

    @Test
    void aFieldOfTheWrongTypeFailsNamingItsPathTheErrorAndTheRule() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN.replace("\"Where should this ticket go?\"", "42")));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("got 200 with $.inputQuery: integer found, string expected"
                        + " (schema #/components/schemas/AgentRun/properties/inputQuery/type)");
    }

    @Test
    void aMissingRequiredFieldFailsNamingTheField() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN.replace("\"finishedAt\": null,", "")));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with $: required property 'finishedAt' not found (schema #/components/schemas/AgentRun/required)");
    }

    @Test
    void aValueOutsideItsEnumerationDeepInAListFailsNamingItsPath() {
        String done = RUN.replace("\"RUNNING\"", "\"DONE\"");
        answer(get(urlPathEqualTo("/api/projects/proj_1/agent-runs")), json(200,
                "{\"items\": [" + RUN + ", " + done + "], \"nextCursor\": null, \"total\": 2, \"limit\": 20}"));

        assertThatThrownBy(() -> api.listRuns("proj_1", Map.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("answer of GET /api/projects/{projectId}/agent-runs (listAgentRuns)")
                .hasMessageContaining("with $.items[1].status: does not have a value in the enumeration"
                        + " [\"PENDING\", \"RUNNING\", \"INPUT_REQUIRED\", \"COMPLETED\", \"FAILED\", \"CANCELLED\"]"
                        + " (schema #/components/schemas/RunStatus/enum)")
                .hasMessageNotContaining("$.items[0]");
    }

    @Test
    void severalViolationsAreAllListedOnePerLine() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN.replace("\"RUNNING\"", "\"DONE\"").replace("\"finishedAt\": null,", "")));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("got 200 with $: required property 'finishedAt' not found"
                        + " (schema #/components/schemas/AgentRun/required) and 1 more\n"
                        + "  - $: required property 'finishedAt' not found (schema #/components/schemas/AgentRun/required)\n"
                        + "  - $.status: does not have a value in the enumeration");
    }

    @Test
    void aTimestampThatIsNotAnRfc3339DateTimeFails() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN.replace("2024-01-15T10:00:00.000Z", "15/01/2024 10:00")));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with $.startedAt: ")
                .hasMessageContaining("date-time");
    }

    @Test
    void aDocumentedStatusWithAnUndocumentedContentTypeFails() {
        answer(get(urlPathEqualTo(RUN_PATH)), aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<h1>Not Found</h1>"));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("got 404 with Content-Type: text/html is not documented for 404;"
                        + " it is documented as application/problem+json");
    }

    @Test
    void aBodyThatIsNotJsonFails() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, "{\"id\": \"run_1\""));

        assertThatThrownBy(() -> api.getRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with body: not JSON although the answer says application/json");
    }

    @Test
    void thePollsOfAWaitAreCheckedToo() {
        answer(get(urlPathEqualTo(RUN_PATH)), json(200, RUN.replace("\"RUNNING\"", "\"running\"")));

        assertThatThrownBy(() -> api.pollRun("proj_1", "run_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with $.status: does not have a value in the enumeration");
    }

    @Test
    void aPathTheContractDoesNotDescribeFailsNamingIt() {
        answer(any(urlPathEqualTo("/api/projects/proj_1/archive")), json(200, "{}"));

        assertThatThrownBy(() -> RestAssured.given().filter(contractCheck).baseUri(target.baseUrl())
                .post("/api/projects/proj_1/archive"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[API-3.1] answer of POST /api/projects/proj_1/archive: ")
                .hasMessageContaining("with path: spec/openapi.yaml describes no path that fits /api/projects/proj_1/archive");
    }

    @Test
    void aMethodTheContractDoesNotDescribeOnAKnownPathFailsNamingIt() {
        answer(any(urlPathEqualTo("/api/projects/proj_1")), aResponse().withStatus(204));

        assertThatThrownBy(() -> RestAssured.given().filter(contractCheck).baseUri(target.baseUrl())
                .delete("/api/projects/proj_1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with path: spec/openapi.yaml describes no DELETE on /api/projects/{projectId}, only GET");
    }

    @Test
    void aTargetServedUnderAPrefixIsCheckedAgainstThePathsOfTheContract() {
        answer(post(urlPathEqualTo("/agents/api/projects")), aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("Location", "/agents/api/projects/proj_9")
                .withBody("{\"id\": \"proj_9\", \"name\": \"Triage\", \"maxConcurrentRuns\": 4,"
                        + " \"createdAt\": \"2024-01-15T10:00:00Z\"}"));
        AgentsApi prefixed = AgentsApi.asUser(URI.create(target.baseUrl() + "/agents"), "ada-secret-token",
                Duration.ofSeconds(5), contractCheck);

        assertThat(prefixed.createProject(Map.of("name", "Triage")).status()).isEqualTo(201);
    }

    private static void answer(com.github.tomakehurst.wiremock.client.MappingBuilder request, ResponseDefinitionBuilder response) {
        target.stubFor(request.willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
