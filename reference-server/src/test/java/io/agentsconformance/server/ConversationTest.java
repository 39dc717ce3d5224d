package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agentsconformance.server.engine.RunJournal;
import io.agentsconformance.server.model.RunEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What goes into the model's requests: handoffs, follow-ups, fallbacks and failures (WF-*, MA-*, FAIL-*). */
class ConversationTest extends ServerTestBase {

    private static final String COMPLETIONS = "/v1/chat/completions";

    @Test
    void aFollowUpMessageResumesACompletedRunAndReachesTheFinalNode() {
        stubs.stubFor(post(COMPLETIONS).inScenario("turns").whenScenarioStateIs(STARTED)
                .willReturn(okJson(ModelAnswers.text("Which region?"))).willSetStateTo("asked"));
        stubs.stubFor(post(COMPLETIONS).inScenario("turns").whenScenarioStateIs("asked")
                .willReturn(okJson(ModelAnswers.text("EMEA revenue is 7."))));
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("analyst", "m"));
        String context = ada.createContextItem(project, "regions", "EMEA means Europe, Middle East and Africa");
        String run = ada.startRun(project, workflow, "What is the revenue?");
        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));
        List<RunEvent> events = new CopyOnWriteArrayList<>();

        RunJournal.Subscription subscription = Journal.follow(server.engine().journal(), run, events::add);
        try {
            ObjectNode message = Api.JSON.createObjectNode().put("content", "EMEA, please");
            message.putArray("contextItemIds").add(context);
            Api.Reply appended = ada.post(runs(project) + "/" + run + "/messages", message);

            assertThat(appended.status()).isEqualTo(201);
            assertThat(appended.json().get("role").asText()).isEqualTo("user");
            assertThat(appended.header("Location")).as("no Location: the contract cannot read one message").isNull();
            eventually().until(() -> "EMEA revenue is 7.".equals(ada.run(project, run).get("outputSummary").asText()));
        } finally {
            subscription.close();
        }

        assertThat(ada.runStatus(project, run)).isEqualTo("COMPLETED");
        assertThat(events).filteredOn(e -> e.type().equals("agent.run.updated"))
                .extracting(e -> e.data().get("status").asText()).containsSubsequence("COMPLETED", "RUNNING",
                        "COMPLETED");
        JsonNode messages = ada.get(runs(project) + "/" + run + "/messages").json().get("items");
        assertThat(messages).extracting(m -> m.get("type").asText() + ":" + m.get("content").asText())
                .containsExactly("user:What is the revenue?", "assistant:Which region?", "user:EMEA, please",
                        "assistant:EMEA revenue is 7.");
        stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("What is the revenue?")))
                .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("Which region?")))
                .withRequestBody(matchingJsonPath("$.messages[3].content", containing("EMEA, please")))
                .withRequestBody(containing("Europe, Middle East and Africa")));
    }

    @Test
    void dependentNodesGetTheirDependenciesOutputsAndFinalNodesMakeTheSummary() {
        for (String node : List.of("a", "b", "c", "d")) {
            stubs.stubFor(post(COMPLETIONS).withHeader("X-Agents-Node-Id", equalTo(node))
                    .willReturn(okJson(ModelAnswers.text("output of " + node))));
        }
        String project = ada.createProject(4);
        ObjectNode c = Api.node("c", "m");
        c.putArray("dependsOn").add("a").add("b");
        String workflow = ada.createWorkflow(project, Api.node("a", "m"), Api.node("b", "m"), c, Api.node("d", "m"));
        String run = ada.startRun(project, workflow, "go");

        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));

        assertThat(ada.run(project, run).get("outputSummary").asText()).isEqualTo("output of c\n\noutput of d");
        stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)).withHeader("X-Agents-Node-Id", equalTo("c"))
                .withRequestBody(containing("output of a")).withRequestBody(containing("output of b")));
        assertThat(stubs.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))))
                .extracting(r -> r.getHeader("X-Agents-Node-Id")).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void aFailedAgentIsReplacedByItsFallback() {
        stubs.stubFor(post(COMPLETIONS).withRequestBody(matchingJsonPath("$.model", equalTo("primary")))
                .willReturn(aResponse().withStatus(503)));
        stubs.stubFor(post(COMPLETIONS).withRequestBody(matchingJsonPath("$.model", equalTo("backup")))
                .willReturn(okJson(ModelAnswers.text("Backup answer"))));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("n", "primary").put("maxAttempts", 2).put("retryBackoffMs", 0);
        node.putObject("fallback").put("agentId", "reporting").put("model", "backup");
        String run = ada.startRun(project, ada.createWorkflow(project, node), "q");

        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));

        assertThat(ada.run(project, run).get("outputSummary").asText()).isEqualTo("Backup answer");
        JsonNode state = ada.get(runs(project) + "/" + run + "/node-states").json().get("items").get(0);
        assertThat(state.get("agentId").asText()).isEqualTo("reporting");
        assertThat(state.get("messages").toString()).contains("falling back to agent reporting");
        stubs.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)).withRequestBody(containing("reporting agent")));
    }

    @Test
    void anEmptyAnswerFailsTheNodeInsteadOfSucceedingEmpty() {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("  "))));
        String project = ada.createProject(4);
        String run = ada.startRun(project, ada.createWorkflow(project, Api.node("n", "m")), "q");

        eventually().until(() -> ada.runStatus(project, run).equals("FAILED"));

        assertThat(ada.run(project, run).get("error").get("message").asText()).contains("empty model answer");
    }

    @Test
    void aModelThatDoesNotAnswerInTimeFailsTheRunWithinBound() {
        stubs.stubFor(post(COMPLETIONS).willReturn(okJson(ModelAnswers.text("late")).withFixedDelay(5_000)));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("n", "m").put("timeoutMs", 200).put("maxAttempts", 2).put("retryBackoffMs", 0);
        String run = ada.startRun(project, ada.createWorkflow(project, node), "q");

        eventually().atMost(java.time.Duration.ofSeconds(3)).until(() -> ada.runStatus(project, run).equals("FAILED"));

        assertThat(ada.run(project, run).get("error").get("message").asText())
                .contains("did not answer within 200 ms");
        assertThat(ada.get(runs(project) + "/" + run + "/steps").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aRateLimitedRequestWaitsAsLongAsTheModelAsks() {
        stubs.stubFor(post(COMPLETIONS).inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("waited"));
        stubs.stubFor(post(COMPLETIONS).inScenario("limit").whenScenarioStateIs("waited")
                .willReturn(okJson(ModelAnswers.text("finally"))));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("n", "m").put("retryBackoffMs", 10);
        String run = ada.startRun(project, ada.createWorkflow(project, node), "q");

        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));

        List<LoggedRequest> requests = stubs.findAll(postRequestedFor(urlEqualTo(COMPLETIONS)));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(1000);
        assertThat(requests.get(1).getHeader("X-Agents-Attempt")).isEqualTo("2");
    }
}
