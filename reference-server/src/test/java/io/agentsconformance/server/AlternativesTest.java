package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server with every alternative answer on (`--alternatives all --max-request-bytes 131072`),
 * the one CI runs the conformance suite against: each answer below is one the contract allows
 * beside the one it prefers.
 */
class AlternativesTest {

    private static final String WHOLE_SECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    static WireMockServer model;
    static ReferenceServer server;
    static Api ada;
    static String project;
    static String workflow;

    @BeforeAll
    static void start() {
        model = new WireMockServer(options().dynamicPort());
        model.start();
        model.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("done"))));
        server = ReferenceServer.start(ServerConfig.parse(List.of("--port", "0",
                "--data-dir", ServerConfig.TEMPORARY_DATA_DIR,
                "--model-base-url", model.baseUrl() + "/v1",
                "--alternatives", "all", "--max-request-bytes", "131072"), Map.of()));
        ada = new Api(server.baseUrl(), ServerTestBase.ADA);
        project = ada.createProject(5);
        workflow = ada.createWorkflow(project, Api.node("answer", "gpt-4o-mini"));
    }

    @AfterAll
    static void stop() {
        server.close();
        model.stop();
    }

    @Test
    void aWellFormedIdThatNamesNothingIs404AndAMalformedOne400() {
        assertThat(ada.get(Api.runs(project) + "/run_" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(ada.get(Api.runs(project) + "/..%2F..%2Fetc").status()).isEqualTo(400);
        assertThat(ada.get(Api.runs(project) + "/" + "a".repeat(300)).status()).isEqualTo(400);
        assertThat(ada.get("/api/projects/%27%20OR%201%3D1").status()).isEqualTo(400);
    }

    @Test
    void problemsCarryExtensionMembersThatDifferOnEveryRequest() {
        String path = Api.runs(project) + "/run_" + UUID.randomUUID();
        JsonNode first = ada.get(path).json();
        JsonNode second = ada.get(path).json();

        assertThat(first.path("traceId").asText()).isNotBlank().isNotEqualTo(second.path("traceId").asText());
        assertThat(first.path("instance").asText()).isEqualTo(path);
        assertThat(first.path("detail").asText()).isEqualTo(second.path("detail").asText());
    }

    @Test
    void timestampsHaveNoFractionAndNodeStatesNoNotes() {
        String run = ada.startRun(project, workflow, "Hello");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(ada.runStatus(project, run)));

        JsonNode read = ada.run(project, run);
        assertThat(read.path("startedAt").asText()).matches(WHOLE_SECONDS);
        assertThat(read.path("finishedAt").asText()).matches(WHOLE_SECONDS);
        JsonNode states = ada.get(Api.runs(project) + "/" + run + "/node-states").json();
        assertThat(states.at("/items/0/status").asText()).isEqualTo("COMPLETED");
        assertThat(states.at("/items/0/messages").isArray()).isTrue();
        assertThat(states.at("/items/0/messages")).isEmpty();
        assertThat(states.at("/items/0/completedAt").asText()).matches(WHOLE_SECONDS);
    }

    @Test
    void theSeedsOtherAnswersAreGiven() {
        Api.Reply missingWorkflow = ada.post(Api.runs(project), Map.of("workflowId", "wf_" + UUID.randomUUID(),
                "inputQuery", "Hi"));
        assertThat(missingWorkflow.status()).isEqualTo(400);
        assertThat(missingWorkflow.json().path("status").asInt()).isEqualTo(400);
        assertThat(missingWorkflow.json().path("detail").asText()).startsWith("Workflow not found");

        assertThat(ada.post(Api.runs(project), Map.of("workflowId", workflow, "inputQuery", "  ")).status())
                .as("API-2.5: an empty query allowed").isEqualTo(201);

        String completed = ada.startRun(project, workflow, "Hello");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(ada.runStatus(project, completed)));
        Api.Reply cancelCompleted = ada.post(Api.runs(project) + "/" + completed + "/cancel", Map.of());
        assertThat(cancelCompleted.status()).as("API-8.3").isEqualTo(400);
        assertThat(cancelCompleted.json().path("detail").asText()).contains("cannot be cancelled");
        assertThat(ada.runStatus(project, completed)).isEqualTo("COMPLETED");

        Api.Reply empty = ada.post(Api.runs(project) + "/" + completed + "/messages", Map.of("content", ""));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("detail").asText()).isEqualTo("Missing required field 'content'");
    }

    @Test
    void aCancelledRunRefusesACancelAndMessagesWith400() {
        model.stubFor(post("/v1/chat/completions").withHeader("X-Agents-Node-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("slow"))
                .atPriority(1).willReturn(okJson(ModelAnswers.text("late")).withFixedDelay(20_000)));
        String slow = ada.createWorkflow(project, Api.node("slow", "gpt-4o-mini"));
        String run = ada.startRun(project, slow, "Take your time");

        assertThat(ada.post(Api.runs(project) + "/" + run + "/cancel", Map.of()).status()).isEqualTo(200);
        Api.Reply again = ada.post(Api.runs(project) + "/" + run + "/cancel", Map.of());
        assertThat(again.status()).as("API-8.4").isEqualTo(400);
        Api.Reply message = ada.post(Api.runs(project) + "/" + run + "/messages", Map.of("content", "Hello?"));
        assertThat(message.status()).as("API-7.4").isEqualTo(400);
        assertThat(message.json().path("detail").asText()).contains("cannot accept messages");
        assertThat(ada.runStatus(project, run)).isEqualTo("CANCELLED");
    }

    @Test
    void aLowerBodyLimitIsDeclaredAndEnforced() {
        JsonNode health = ada.get("/api/health").json();
        assertThat(health.at("/limits/maxRequestBytes").asInt()).isEqualTo(131072);

        String run = ada.startRun(project, workflow, "Hello");
        Api.Reply big = ada.post(Api.runs(project) + "/" + run + "/messages", Map.of("content", "x".repeat(200 * 1024)));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().path("detail").asText()).contains("131072");
    }

    @Test
    void anOfferToUpgradeToH2cIsRefused() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> offered = h2.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(offered.statusCode()).isEqualTo(400);
        assertThat(ada.get("/api/health").status()).as("the same request in plain HTTP/1.1").isEqualTo(200);
    }
    @Test
    void aBodyDeclaredOverTheLimitIsAnsweredAndTheConnectionClosedWithoutReadingIt() {
        RawHttp.Answer answer = RawHttp.exchange(server.port(), RawHttp.request("POST", "/api/projects",
                "Authorization: Bearer " + ServerTestBase.ADA + "\r\nContent-Type: application/json"
                        + "\r\nContent-Length: 2097152", null), Duration.ofSeconds(5));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.timedOut()).as("the connection closed at once, the body never read").isFalse();
    }
}
