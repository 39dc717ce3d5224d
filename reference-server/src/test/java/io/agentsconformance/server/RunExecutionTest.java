package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsconformance.server.engine.RunJournal;
import io.agentsconformance.server.model.RunEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RunExecutionTest extends ServerTestBase {

    private static final String COMPLETIONS = "/v1/chat/completions";

    @Test
    void aOneNodeRunCompletesWithTheModelsAnswer() {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("The answer is 42."))));
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("answer", "model-a"));
        String run = ada.startRun(project, workflow, "What is the answer?");
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunJournal.Subscription subscription = Journal.follow(server.engine().journal(), run, events::add);
        try {
            eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));
            eventually().until(() -> events.get(events.size() - 1).type().equals("agent.run.completed"));
        } finally {
            subscription.close();
        }

        JsonNode body = ada.run(project, run);
        assertThat(body.get("outputSummary").asText()).isEqualTo("The answer is 42.");
        assertThat(body.get("finishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.get("error").isNull()).isTrue();

        JsonNode steps = ada.get(runs(project) + "/" + run + "/steps").json().get("items");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).get("kind").asText()).isEqualTo("MODEL");
        assertThat(steps.get(0).get("name").asText()).isEqualTo("model-a");
        assertThat(steps.get(0).get("status").asText()).isEqualTo("COMPLETED");

        JsonNode messages = ada.get(runs(project) + "/" + run + "/messages").json().get("items");
        assertThat(messages).extracting(m -> m.get("role").asText() + "/" + m.get("type").asText())
                .containsExactly("user/user", "agent/assistant");

        JsonNode nodes = ada.get(runs(project) + "/" + run + "/node-states").json().get("items");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(nodes.get(0).get("progress").asDouble()).isEqualTo(1.0);

        stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withHeader("X-Agents-Project-Id", equalTo(project))
                .withHeader("X-Agents-Workflow-Id", equalTo(workflow))
                .withHeader("X-Agents-Run-Id", equalTo(run))
                .withHeader("X-Agents-Node-Id", equalTo("answer"))
                .withHeader("X-Agents-Attempt", equalTo("1"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-a")))
                .withRequestBody(containing("What is the answer?")));

        assertThat(events).extracting(RunEvent::sequence)
                .containsExactlyElementsOf(sequence(1, events.size()));
        assertThat(events.get(0).type()).isEqualTo("agent.run.created");
        assertThat(events).extracting(RunEvent::type)
                .contains("agent.run.updated", "agent.step.updated", "agent.node.updated", "agent.message.appended",
                        "agent_started", "agent_thinking", "agent_completed");
    }

    @Test
    void toolCallsRunInALoopUntilTheModelAnswers() {
        stubs.stubFor(post(COMPLETIONS).inScenario("loop").whenScenarioStateIs(STARTED)
                .willReturn(okJson(ModelAnswers.toolCall("call_1", "lookup", "{\"q\":\"revenue\"}")))
                .willSetStateTo("tool answered"));
        stubs.stubFor(post(COMPLETIONS).inScenario("loop").whenScenarioStateIs("tool answered")
                .willReturn(okJson(ModelAnswers.text("Revenue is 7."))));
        stubs.stubFor(post("/tools/lookup").willReturn(okJson("{\"revenue\":7}")));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("data", "model-b");
        node.putArray("tools").addObject().put("name", "lookup").put("url", toolUrl("lookup"));
        String workflow = ada.createWorkflow(project, node);
        String run = ada.startRun(project, workflow, "How much revenue?");

        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));

        assertThat(ada.run(project, run).get("outputSummary").asText()).isEqualTo("Revenue is 7.");
        JsonNode steps = ada.get(runs(project) + "/" + run + "/steps").json().get("items");
        assertThat(steps).extracting(s -> s.get("stepNumber").asInt() + ":" + s.get("kind").asText())
                .containsExactly("1:MODEL", "2:TOOL", "3:MODEL");
        assertThat(steps.get(1).get("toolCallId").asText()).isEqualTo("call_1");
        JsonNode messages = ada.get(runs(project) + "/" + run + "/messages").json().get("items");
        assertThat(messages).extracting(m -> m.get("type").asText())
                .containsExactly("user", "tool_call", "tool_result", "assistant");
        assertThat(messages.get(2).get("toolName").asText()).isEqualTo("lookup");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("{\"revenue\":7}");

        stubs.verify(1, postRequestedFor(urlEqualTo("/tools/lookup"))
                .withRequestBody(equalToJson("{\"q\":\"revenue\"}"))
                .withHeader("X-Agents-Run-Id", equalTo(run))
                .withHeader("X-Agents-Tool-Call-Id", equalTo("call_1"))
                .withHeader("X-Agents-Tool-Name", equalTo("lookup")));
        stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool' && @.tool_call_id == 'call_1')]"))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("lookup"))));
    }

    @Test
    void aModelThatKeepsFailingIsRetriedThenFailsTheRun() {
        stubs.stubFor(post(COMPLETIONS).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("flaky", "model-c").put("maxAttempts", 3).put("retryBackoffMs", 10);
        ObjectNode downstream = Api.node("report", "model-c");
        downstream.putArray("dependsOn").add("flaky");
        String workflow = ada.createWorkflow(project, node, downstream);
        String run = ada.startRun(project, workflow, "Try hard");

        eventually().until(() -> ada.runStatus(project, run).equals("FAILED"));

        JsonNode body = ada.run(project, run);
        assertThat(body.get("error").get("nodeId").asText()).isEqualTo("flaky");
        assertThat(body.get("error").get("message").asText()).contains("3 attempts", "HTTP 500");
        JsonNode steps = ada.get(runs(project) + "/" + run + "/steps").json().get("items");
        assertThat(steps).extracting(s -> s.get("attempt").asInt() + ":" + s.get("status").asText())
                .containsExactly("1:FAILED", "2:FAILED", "3:FAILED");
        JsonNode nodes = ada.get(runs(project) + "/" + run + "/node-states").json().get("items");
        assertThat(nodes).extracting(n -> n.get("status").asText()).containsExactly("FAILED", "SKIPPED");
        JsonNode messages = ada.get(runs(project) + "/" + run + "/messages?type=error").json().get("items");
        assertThat(messages).hasSize(1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                    .withHeader("X-Agents-Attempt", equalTo(Integer.toString(attempt))));
        }
    }

    @Test
    void aSecondRunWaitsPendingWhileTheProjectIsAtItsLimit() {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("slow")).withFixedDelay(20_000)));
        String project = ada.createProject(1);
        String workflow = ada.createWorkflow(project, Api.node("slow", "model-d"));
        String first = ada.startRun(project, workflow, "first");
        String second = ada.startRun(project, workflow, "second");

        eventually().until(() -> stubs.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).size() == 1);
        assertThat(ada.runStatus(project, first)).isEqualTo("RUNNING");
        assertThat(ada.runStatus(project, second)).isEqualTo("PENDING");
        assertThat(ada.get(runs(project) + "/" + second + "/node-states").json().get("items")).isEmpty();
        assertThat(ada.get(runs(project) + "/" + second + "/steps").json().get("items")).isEmpty();

        assertThat(ada.post(runs(project) + "/" + first + "/cancel", "").status()).isEqualTo(200);
        eventually().until(() -> ada.runStatus(project, second).equals("RUNNING"));
        assertThat(ada.post(runs(project) + "/" + second + "/cancel", "").json().get("status").asText())
                .isEqualTo("CANCELLED");
    }

    @Test
    void aPendingRunThatIsCancelledNeverStarts() {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("slow")).withFixedDelay(20_000)));
        String project = ada.createProject(1);
        String workflow = ada.createWorkflow(project, Api.node("slow", "model-e"));
        String first = ada.startRun(project, workflow, "first");
        String second = ada.startRun(project, workflow, "second");

        JsonNode cancelled = ada.post(runs(project) + "/" + second + "/cancel", "").json();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("finishedAt").isNull()).isFalse();
        ada.post(runs(project) + "/" + first + "/cancel", "");

        assertThat(ada.get(runs(project) + "/" + second + "/node-states").json().get("items")).isEmpty();
        stubs.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)).withHeader("X-Agents-Run-Id", equalTo(second)));
    }

    @Test
    void cancellingARunningRunAbortsItsInFlightModelRequest() throws Exception {
        try (HangingServer model = new HangingServer();
                ReferenceServer dedicated = ReferenceServer.start(ServerConfig.forTests(
                        model.baseUrl() + "/v1"))) {
            Api api = new Api(dedicated.baseUrl(), ADA);
            String project = api.createProject(4);
            String workflow = api.createWorkflow(project, Api.node("stuck", "model-f").put("maxAttempts", 5));
            String run = api.startRun(project, workflow, "never answered");
            eventually().until(() -> model.requests().size() == 1);
            assertThat(model.requests().get(0)).contains("X-Agents-Run-Id: " + run);

            Api.Reply cancel = api.post(runs(project) + "/" + run + "/cancel", "");

            assertThat(cancel.status()).isEqualTo(200);
            assertThat(cancel.json().get("status").asText()).isEqualTo("CANCELLED");
            eventually().until(() -> model.closedByClient() == 1);
            JsonNode steps = api.get(runs(project) + "/" + run + "/steps").json().get("items");
            assertThat(steps).extracting(s -> s.get("status").asText()).containsExactly("CANCELLED");
            JsonNode nodes = api.get(runs(project) + "/" + run + "/node-states").json().get("items");
            assertThat(nodes).extracting(n -> n.get("status").asText()).containsExactly("CANCELLED");
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> model.requests().size() == 1);
            assertThat(api.runStatus(project, run)).isEqualTo("CANCELLED");
        }
    }

    @Test
    void concurrentCancelsAllAnswerAndCancelTheRunOnce() throws Exception {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("slow")).withFixedDelay(20_000)));
        String project = ada.createProject(4);
        String run = ada.startRun(project, ada.createWorkflow(project, Api.node("slow", "model-g")), "cancel me");
        eventually().until(() -> stubs.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).size() == 1);
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(callers.submit(() -> ada.post(runs(project) + "/" + run + "/cancel", "")));
            }
            for (Future<Api.Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                assertThat(reply.get().json().get("status").asText()).isEqualTo("CANCELLED");
            }
        } finally {
            callers.shutdown();
        }
        List<RunEvent> events = new ArrayList<>();
        Journal.follow(server.engine().journal(), run, events::add).close();
        assertThat(events).filteredOn(e -> e.type().equals("agent.run.cancelled")).hasSize(1);
        assertThat(events.get(events.size() - 1).type()).isEqualTo("agent.run.cancelled");
    }

    private static List<Long> sequence(long from, long count) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            numbers.add(from + i);
        }
        return numbers;
    }
}
