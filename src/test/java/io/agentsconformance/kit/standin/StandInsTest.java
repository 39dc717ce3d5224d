package io.agentsconformance.kit.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.config.KitConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in's script semantics, against a real WireMock over real HTTP. */
class StandInsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static StandIns standIns;

    @BeforeAll
    static void start() {
        standIns = StandIns.start(KitConfig.from(Map.of(), Map.of()));
    }

    @AfterAll
    static void stop() {
        standIns.close();
    }

    @Test
    void eachRunGetsTheScriptFromItsStartAndTheLastAnswerRepeats() throws Exception {
        standIns.scriptModel("s1", "proj_a", "triage", List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall("get_price", Map.of("symbol", "ACME")))),
                Answer.text("It costs 42")));

        JsonNode first = modelCall("proj_a", "run_1", "triage").body();
        assertThat(first.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_price");
        assertThat(JSON.readTree(first.at("/choices/0/message/tool_calls/0/function/arguments").asText()))
                .isEqualTo(JSON.readTree("{\"symbol\":\"ACME\"}"));
        assertThat(first.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(first.at("/model").asText()).isEqualTo("gpt-4o-mini");

        assertThat(modelCall("proj_a", "run_1", "triage").body().at("/choices/0/message/content").asText())
                .isEqualTo("It costs 42");
        assertThat(modelCall("proj_a", "run_1", "triage").body().at("/choices/0/message/content").asText())
                .isEqualTo("It costs 42");
        assertThat(modelCall("proj_a", "run_2", "triage").body().at("/choices/0/message/tool_calls/0/id").asText())
                .isEqualTo("call_triage_1_1");
    }

    @Test
    void aRunPastTenTimesWhatItsNodeAllowsIsABreachAnsweredWith429AndKeptOutOfTheJournal() throws Exception {
        // maxModelCalls 2 x maxAttempts 1: a correct target makes at most 2 requests; the kit allows 20.
        standIns.limitRuns("proj_runaway", List.of(Map.of("id", "loop", "maxModelCalls", 2, "maxAttempts", 1)));
        standIns.scriptModel("s9", "proj_runaway", "loop", List.of(Answer.text("done")));
        java.time.Instant began = java.time.Instant.now();

        for (int i = 0; i < 20; i++) {
            assertThat(modelCall("proj_runaway", "run_r", "loop").status()).isEqualTo(200);
        }
        assertThat(standIns.breaches(Set.of("proj_runaway"), began)).isEmpty();
        Reply past = modelCall("proj_runaway", "run_r", "loop");

        assertThat(past.status()).isEqualTo(429);
        assertThat(past.response().headers().firstValue("Retry-After")).hasValue("60");
        assertThat(standIns.breaches(Set.of("proj_runaway"), began)).singleElement().asString()
                .contains("run run_r made 21 model requests for node 'loop'; the node allows 20")
                .contains("10 x maxModelCalls 2 x maxAttempts 1");
        assertThat(standIns.journal(Set.of("proj_runaway")).all()).hasSize(20);
        // Another run of the same node has its own allowance.
        assertThat(modelCall("proj_runaway", "run_other", "loop").status()).isEqualTo(200);

        standIns.forget("s9", Set.of("proj_runaway"));
        assertThat(modelCall("proj_runaway", "run_r", "loop").status())
                .as("a request for a project whose scenario ended").isEqualTo(429);
        assertThat(standIns.journal(Set.of("proj_runaway")).all()).isEmpty();
    }

    @Test
    void anAttemptPastTheNodesMaxAttemptsIsABreachAtOnce() throws Exception {
        standIns.limitRuns("proj_retries", List.of(Map.of("id", "flaky", "maxAttempts", 2)));
        standIns.scriptModel("s10", "proj_retries", "flaky", List.of(Answer.httpStatus(500)));
        java.time.Instant began = java.time.Instant.now();

        assertThat(modelCall("proj_retries", "run_a", "flaky", 2).status()).isEqualTo(500);
        assertThat(standIns.breaches(Set.of("proj_retries"), began)).isEmpty();
        assertThat(modelCall("proj_retries", "run_a", "flaky", 3).status()).isEqualTo(429);

        assertThat(standIns.breaches(Set.of("proj_retries"), began)).singleElement().asString()
                .contains("run run_a sent attempt 3 of a model request for node 'flaky'; the node allows 2 attempts");
    }

    @Test
    void anotherProjectsRequestIsNotAnsweredByTheScriptAndTheJournalShowsTheClosestStub() throws Exception {
        standIns.scriptModel("s2", "proj_b", "data", List.of(Answer.text("mine")));

        Reply stranger = modelCall("proj_other", "run_9", "data");

        assertThat(stranger.status()).isEqualTo(404);
        Journal journal = standIns.journal(Set.of("proj_other"));
        assertThat(journal.all()).hasSize(1);
        assertThat(journal.unscripted()).singleElement().asString()
                .contains("proj_other").contains("closest stub");
        assertThat(standIns.journal(Set.of("proj_b")).all()).isEmpty();
    }

    @Test
    void failuresAndToolsAreScriptedToo() throws Exception {
        standIns.scriptModel("s3", "proj_c", "flaky", List.of(
                Answer.httpStatus(429, Map.of("Retry-After", "1")), Answer.text("recovered")));
        standIns.scriptTool("s3", "proj_c", "get_price", List.of(Answer.httpStatus(503), Answer.json("{\"price\":42}")));

        Reply limited = modelCall("proj_c", "run_1", "flaky");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.response().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(modelCall("proj_c", "run_1", "flaky").status()).isEqualTo(200);

        assertThat(toolCall("proj_c", "run_1").statusCode()).isEqualTo(503);
        HttpResponse<String> recovered = toolCall("proj_c", "run_1");
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.body()).isEqualTo("{\"price\":42}");

        Journal journal = standIns.journal(Set.of("proj_c"));
        assertThat(journal.modelRequests()).hasSize(2);
        assertThat(journal.toolRequests()).hasSize(2).allSatisfy(e -> assertThat(e.runId()).isEqualTo("run_1"));
    }

    @Test
    void aHeldAnswerWaitsForItsGate() throws Exception {
        standIns.scriptModel("s4", "proj_d", "slow", List.of(
                Answer.heldUntilReleased("s4/slow", Duration.ofSeconds(20), Answer.text("finally"))));

        CompletableFuture<Reply> held = CompletableFuture.supplyAsync(() -> {
            try {
                return modelCall("proj_d", "run_1", "slow");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held).isNotCompleted();
        // The request reached the stand-in and is parked there until the gate opens.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !standIns.journal(Set.of("proj_d")).isEmpty() || held.isDone());
        assertThat(held).isNotCompleted();

        standIns.release("s4/slow");

        assertThat(held.get(5, TimeUnit.SECONDS).body().at("/choices/0/message/content").asText()).isEqualTo("finally");
    }

    @Test
    void forgettingAScenarioRemovesItsScriptsAndItsJournal() throws Exception {
        standIns.scriptModel("s5", "proj_e", "node", List.of(Answer.text("hello")));
        assertThat(modelCall("proj_e", "run_1", "node").status()).isEqualTo(200);

        standIns.forget("s5", Set.of("proj_e"));

        assertThat(standIns.stubsOf("s5")).isEmpty();
        assertThat(standIns.journal(Set.of("proj_e")).all()).isEmpty();
        // A target still calling for a project whose scenario ended gets no script, and no place in the journal.
        assertThat(modelCall("proj_e", "run_1", "node").status()).isEqualTo(429);
        assertThat(standIns.journal(Set.of("proj_e")).all()).isEmpty();
    }

    @Test
    void aRequestWithoutItsRunIdIsRefusedNamingTheHeaderAndReportedAtOnce() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        standIns.scriptModel("s6", "proj_f", "triage", List.of(Answer.text("never sent")));

        HttpResponse<String> refused = post(standIns.modelBaseUrl() + "/chat/completions",
                Map.of("X-Agents-Project-Id", "proj_f", "X-Agents-Node-Id", "triage"),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");
        HttpResponse<String> toolRefused = post(standIns.toolUrl("proj_f", "get_price"),
                Map.of("X-Agents-Project-Id", "proj_f", "X-Agents-Node-Id", "triage"), "{}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).at("/error/message").asText()).contains("X-Agents-Run-Id");
        assertThat(toolRefused.statusCode()).as("an unscripted tool without its run id").isIn(400, 404);
        assertThat(standIns.breaches(Set.of("proj_f"), since))
                .hasSize(2)
                .allSatisfy(breach -> assertThat(breach).contains("without the correlation header X-Agents-Run-Id"));
        assertThat(standIns.breaches(Set.of("proj_other"), since)).isEmpty();
    }

    @Test
    void aRequestNoProjectCanBeReadFromIsEveryWaitingScenariosBreach() throws Exception {
        java.time.Instant since = java.time.Instant.now();

        post(standIns.modelBaseUrl() + "/chat/completions", Map.of(), "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");

        assertThat(standIns.breaches(Set.of("proj_any"), since)).singleElement().asString()
                .contains("X-Agents-Project-Id, X-Agents-Run-Id, X-Agents-Node-Id");
        assertThat(standIns.breaches(Set.of("proj_any"), java.time.Instant.now().plusSeconds(1)))
                .as("a scenario that began after it").isEmpty();
    }

    @Test
    void aRequestForAStreamedAnswerGetsItInChunksAndTheJournalShowsWhatTheyAddUpTo() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        standIns.scriptModel("s7", "proj_g", "triage", List.of(
                Answer.toolCalls(List.of(new Answer.ToolCall("lookup", Map.of("query", "EMEA revenue in 2026")))),
                Answer.text("EMEA revenue grew by seven percent")));
        Map<String, String> headers = Map.of("X-Agents-Project-Id", "proj_g", "X-Agents-Run-Id", "run_1",
                "X-Agents-Node-Id", "triage");
        String streamed = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[]}";

        HttpResponse<String> calls = post(standIns.modelBaseUrl() + "/chat/completions", headers, streamed);
        HttpResponse<String> text = post(standIns.modelBaseUrl() + "/chat/completions", headers, streamed);

        assertThat(calls.statusCode()).isEqualTo(200);
        assertThat(calls.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(calls.headers().firstValue("Content-Length")).as("sent in pieces, with no length given first").isEmpty();
        List<JsonNode> chunks = new java.util.ArrayList<>();
        for (String line : text.body().split("\n")) {
            if (line.startsWith("data: {")) {
                chunks.add(JSON.readTree(line.substring(6)));
            }
        }
        assertThat(text.body()).endsWith("data: [DONE]\n\n");
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.size()).as("content in small deltas").isGreaterThan(3);
        StringBuilder joined = new StringBuilder();
        chunks.forEach(c -> joined.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(joined.toString()).isEqualTo("EMEA revenue grew by seven percent");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(calls.body()).contains("\"tool_calls\":[{\"index\":0,\"id\":\"call_triage_1_1\"");

        List<Journal.Exchange> seen = standIns.journal(Set.of("proj_g")).forRun("run_1");
        assertThat(seen.get(0).toolCallIdsAnswered()).containsExactly("call_triage_1_1");
        assertThat(seen.get(0).response().at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .as("the arguments' deltas joined").isEqualTo("{\"query\":\"EMEA revenue in 2026\"}");
        assertThat(seen.get(1).response().at("/choices/0/message/content").asText())
                .isEqualTo("EMEA revenue grew by seven percent");
        assertThat(standIns.breaches(Set.of("proj_g"), since)).isEmpty();
    }

    @Test
    void aStreamCutShortEndsAfterItsChunksWithNoFinishReason() throws Exception {
        standIns.scriptModel("s9", "proj_i", "triage", List.of(Answer.cutShort("EMEA revenue grew by seven percent", 3)));
        Map<String, String> headers = Map.of("X-Agents-Project-Id", "proj_i", "X-Agents-Run-Id", "run_1",
                "X-Agents-Node-Id", "triage");

        HttpResponse<String> cut = post(standIns.modelBaseUrl() + "/chat/completions", headers,
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[]}");

        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> events = java.util.Arrays.stream(cut.body().split("\n")).filter(l -> l.startsWith("data: ")).toList();
        assertThat(events).hasSize(3).noneMatch(e -> e.contains("[DONE]") || e.contains("\"finish_reason\":\"stop\""));
    }

    @Test
    void theRunIdsOfAProjectsRequestsAreKnown() throws Exception {
        standIns.scriptModel("s8", "proj_h", "triage", List.of(Answer.text("ok")));
        modelCall("proj_h", "run_7", "triage");
        modelCall("proj_h", "run_8", "triage");

        assertThat(standIns.runIdsSeen("proj_h")).containsExactlyInAnyOrder("run_7", "run_8");
    }

    private static HttpResponse<String> post(String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    record Reply(int status, JsonNode body, HttpResponse<String> response) { }

    private static Reply modelCall(String project, String run, String node) throws Exception {
        return modelCall(project, run, node, 1);
    }

    private static Reply modelCall(String project, String run, String node, int attempt) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(standIns.modelBaseUrl() + "/chat/completions"))
                .header("X-Agents-Attempt", String.valueOf(attempt))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Agents-Project-Id", project)
                .header("X-Agents-Workflow-Id", "wf_1")
                .header("X-Agents-Run-Id", run)
                .header("X-Agents-Node-Id", node)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
        return new Reply(response.statusCode(), body, response);
    }

    private static HttpResponse<String> toolCall(String project, String run) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(standIns.toolUrl(project, "get_price")))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Agents-Project-Id", project)
                .header("X-Agents-Run-Id", run)
                .header("X-Agents-Node-Id", "data")
                .header("X-Agents-Tool-Call-Id", "call_1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"ACME\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
