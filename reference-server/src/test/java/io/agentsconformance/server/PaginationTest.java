package io.agentsconformance.server;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.agentsconformance.server.Api.runs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyset pagination with opaque cursors (API-1.1, API-4.1, API-4.4). */
class PaginationTest extends ServerTestBase {

    @Test
    void runsArePagedNewestFirstWithEachRunOnce() {
        stubs.stubFor(post("/v1/chat/completions").willReturn(okJson(ModelAnswers.text("ok"))));
        String project = ada.createProject(4);
        String workflow = ada.createWorkflow(project, Api.node("n", "m"));
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            started.add(ada.startRun(project, workflow, "run " + i));
        }

        JsonNode first = ada.get(runs(project)).json();
        assertThat(first.get("limit").asInt()).isEqualTo(20);
        assertThat(first.get("total").asInt()).isEqualTo(25);
        assertThat(first.get("items")).hasSize(20);
        JsonNode second = ada.get(runs(project) + "?cursor=" + first.get("nextCursor").asText()).json();
        assertThat(second.get("items")).hasSize(5);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        List<String> listed = new ArrayList<>();
        first.get("items").forEach(run -> listed.add(run.get("id").asText()));
        second.get("items").forEach(run -> listed.add(run.get("id").asText()));
        Collections.reverse(started);
        assertThat(listed).containsExactlyElementsOf(started);

        String cursor = first.get("nextCursor").asText();
        assertThat(ada.get(runs(project) + "?status=COMPLETED&cursor=" + cursor).status())
                .as("a cursor only fits the list it was issued for").isEqualTo(400);
    }

    @Test
    void stepsArePagedInExecutionOrder() {
        // Seven tool calls, then an answer: fifteen steps (model, tool, ..., model).
        for (int i = 1; i <= 7; i++) {
            stubs.stubFor(post("/v1/chat/completions").inScenario("tools")
                    .whenScenarioStateIs(i == 1 ? STARTED : "call " + i)
                    .willReturn(okJson(ModelAnswers.toolCall("call_" + i, "count", "{\"n\":" + i + "}")))
                    .willSetStateTo("call " + (i + 1)));
        }
        stubs.stubFor(post("/v1/chat/completions").inScenario("tools").whenScenarioStateIs("call 8")
                .willReturn(okJson(ModelAnswers.text("counted"))));
        stubs.stubFor(post("/tools/count").willReturn(okJson("{\"ok\":true}")));
        String project = ada.createProject(4);
        ObjectNode node = Api.node("counter", "m");
        node.putArray("tools").addObject().put("name", "count").put("url", toolUrl("count"));
        String run = ada.startRun(project, ada.createWorkflow(project, node), "count to seven");
        eventually().until(() -> ada.runStatus(project, run).equals("COMPLETED"));

        List<Integer> numbers = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ada.get(runs(project) + "/" + run + "/steps?limit=5"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.get("total").asInt()).isEqualTo(15);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(5);
            page.get("items").forEach(step -> numbers.add(step.get("stepNumber").asInt()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

        JsonNode toolResults = ada.get(runs(project) + "/" + run + "/messages?role=agent&type=tool_result").json();
        assertThat(toolResults.get("total").asInt()).isEqualTo(7);
    }
}
