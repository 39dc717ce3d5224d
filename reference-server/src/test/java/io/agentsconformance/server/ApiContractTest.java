package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Authentication, ownership, validation and error documents (API-*, SEC-*). */
class ApiContractTest extends ServerTestBase {

    @Test
    void everythingButHealthNeedsAKnownBearerToken() {
        assertThat(anonymous.get("/api/health").json().get("status").asText()).isEqualTo("UP");
        for (Api caller : List.of(anonymous, ada.as("not-a-token"))) {
            Api.Reply reply = caller.get("/api/agents/profiles");
            assertProblem(reply, 401, "bearer token");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    /** The kit runs a case only if its capability is declared: the reference server claims the whole contract. */
    @Test
    void healthDeclaresTheContractVersionAndEveryCapabilityItOffers() {
        JsonNode health = anonymous.get("/api/health").json();
        assertThat(health.path("contractVersion").asText()).isEqualTo("1.1");
        List<String> capabilities = new java.util.ArrayList<>();
        health.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        assertThat(capabilities).as("[WF-04, WF-08, FAIL-03, API-7.1] the capabilities of spec/requirements.yaml it offers (it asks for whole answers)")
                .containsExactlyInAnyOrder("follow-up-messages", "clarification", "artifacts", "agent-fallback");
    }

    @Test
    void anotherUsersResourcesAreAnsweredAsMissing() {
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("done"))));
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));
        String run = ada.startRun(project, workflow, "mine");
        String profile = ada.post("/api/agents/profiles", Api.JSON.createObjectNode().put("name", "Mine")
                .put("description", "private")).json().get("id").asText();

        assertProblem(grace.get("/api/projects/" + project), 404, "Project not found");
        assertProblem(grace.get(runs(project) + "/" + run), 404, "Project not found");
        assertProblem(grace.get("/api/agents/profiles/" + profile), 404, "Agent not found");
        assertThat(grace.get("/api/agents/profiles").json()).extracting(p -> p.get("id").asText())
                .containsExactly("supervisor", "triage", "data", "optimization", "reporting", "general");
        assertThat(ada.get("/api/agents/profiles").json()).extracting(p -> p.get("id").asText()).contains(profile);
    }

    @Test
    void unknownIdsGetTheContractsPhrases() {
        String project = ada.createProject(4);
        String other = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m").put("timeoutMs", 100_000));
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("x")).withFixedDelay(20_000)));
        String run = ada.startRun(project, workflow, "q");

        assertProblem(ada.get(runs(project) + "/run_missing"), 404, "Agent run not found");
        assertProblem(ada.get(runs(other) + "/" + run), 404, "Agent run not found");
        assertProblem(ada.get(runs(project) + "/run_missing/steps"), 404, "Agent run not found");
        assertProblem(ada.post(runs(project) + "/run_missing/cancel", ""), 404, "Agent run not found");
        assertProblem(ada.get("/api/agents/profiles/nobody"), 404, "Agent not found");
        assertProblem(ada.post(runs(project), body("wf_nope", "q")), 404, "Workflow not found: wf_nope");
        assertProblem(ada.post(runs(project), body(workflow, "q").set("contextItemIds",
                Api.JSON.createArrayNode().add("ctx_a").add("ctx_b"))), 400, "Context items not found: ctx_a, ctx_b");
        for (String hostile : List.of("..%2F..%2Fetc%2Fpasswd", "1'%20OR%20'1'='1", "%E2%98%83", "x".repeat(2000))) {
            assertProblem(ada.get(runs(project) + "/" + hostile), 404, "Agent run not found");
        }
        ada.post(runs(project) + "/" + run + "/cancel", "");
    }

    @Test
    void pathsJettyCannotParseStillGetAProblemDocumentSayingWhy() throws IOException {
        // Jetty refuses these while parsing the request line, before any route or id lookup runs.
        for (String target : List.of("/api/projects/%00", "/api/projects/%zz", "/api/projects/%")) {
            String answer = rawExchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADA
                    + "\r\nConnection: close\r\n\r\n");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            JsonNode problem = Api.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));

            assertThat(answer).as(target).matches("(?s)HTTP/1\\.[01] 400 .*");
            assertThat(head).as(target).contains("content-type: application/problem+json");
            assertThat(problem.get("status").asInt()).as(target).isEqualTo(400);
            assertThat(problem.get("title").asText()).as(target).isEqualTo("Bad Request");
            assertThat(problem.get("detail").asText()).as(target).startsWith("The request could not be parsed: ")
                    .isNotEqualTo("The request could not be parsed: Bad Request");
        }
    }

    /** What the server answers to bytes no HTTP client library would send. */
    private static String rawExchange(String request) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void badBodiesAreRejectedAndCreateNothing() {
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));

        assertProblem(ada.post(runs(project), body(workflow, "   ")), 400, "inputQuery is required");
        Api.Reply wrongType = ada.post(runs(project), Api.JSON.createObjectNode().put("workflowId", workflow)
                .put("inputQuery", 42));
        assertProblem(wrongType, 400, "inputQuery must be a string");
        assertThat(wrongType.json().get("errors").get(0).get("field").asText()).isEqualTo("inputQuery");
        assertProblem(ada.post(runs(project), "{\"workflowId\": "), 400, "not valid JSON");
        assertProblem(ada.post(runs(project), "[1, 2]"), 400, "JSON object");
        assertProblem(ada.post("/api/projects", Api.JSON.createObjectNode().put("name", "p")
                .put("maxConcurrentRuns", "3")), 400, "maxConcurrentRuns");
        byte[] huge = ("{\"name\":\"" + "x".repeat(1_048_576) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(ada.postBytes("/api/projects", huge), 413, "1048576");

        assertThat(ada.get(runs(project)).json().get("total").asInt()).isZero();
    }

    @Test
    void workflowsWithBrokenGraphsAreRejectedNamingTheCulprit() {
        String project = ada.createProject(4);
        ObjectNode a = Api.node("a", "m");
        a.putArray("dependsOn").add("b");
        ObjectNode b = Api.node("b", "m");
        b.putArray("dependsOn").add("a");
        assertProblem(ada.post("/api/projects/" + project + "/workflows", workflowBody(a, b)), 400, "cycle");
        ObjectNode ghost = Api.node("c", "m").put("agentId", "ghost");
        assertProblem(ada.post("/api/projects/" + project + "/workflows", workflowBody(ghost)), 400, "'ghost'");
        ObjectNode tools = Api.node("d", "m");
        tools.putArray("tools").addObject().put("name", "t").put("url", "http://x/1");
        tools.withArray("tools").addObject().put("name", "t").put("url", "http://x/2");
        assertProblem(ada.post("/api/projects/" + project + "/workflows", workflowBody(tools)), 400, "'t'");
    }

    @Test
    void queryParametersAreValidated() {
        String project = ada.createProject(4);
        for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=2.5", "status=DONE",
                "cursor=forged")) {
            assertThat(ada.get(runs(project) + "?" + query).status()).as(query).isEqualTo(400);
        }
        assertThat(ada.get(runs(project) + "?limit=100&status=PENDING").status()).isEqualTo(200);
    }

    @Test
    void messagesAndCancelsRespectTheRunsStatus() {
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("done"))));
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));
        String completed = ada.startRun(project, workflow, "finish");
        eventually().until(() -> ada.runStatus(project, completed).equals("COMPLETED"));

        assertProblem(ada.post(runs(project) + "/" + completed + "/cancel", ""), 409, "cannot be cancelled");
        assertThat(ada.runStatus(project, completed)).isEqualTo("COMPLETED");
        assertProblem(ada.post(runs(project) + "/" + completed + "/messages",
                Api.JSON.createObjectNode().put("content", "")), 400, "content is required");

        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("x")).withFixedDelay(20_000)));
        String cancelled = ada.startRun(project, workflow, "stop me");
        JsonNode first = ada.post(runs(project) + "/" + cancelled + "/cancel", "").json();
        JsonNode second = ada.post(runs(project) + "/" + cancelled + "/cancel", "").json();
        assertThat(second).isEqualTo(first);
        assertProblem(ada.post(runs(project) + "/" + cancelled + "/messages",
                Api.JSON.createObjectNode().put("content", "hello?")), 409, "cannot accept messages");
    }

    private static ObjectNode body(String workflowId, String inputQuery) {
        return Api.JSON.createObjectNode().put("workflowId", workflowId).put("inputQuery", inputQuery);
    }

    private static ObjectNode workflowBody(ObjectNode... nodes) {
        ObjectNode body = Api.JSON.createObjectNode().put("name", "w");
        for (ObjectNode node : nodes) {
            body.withArray("nodes").add(node);
        }
        return body;
    }

    private static void assertProblem(Api.Reply reply, int status, String detailPhrase) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("detail").asText()).contains(detailPhrase);
    }
}
