package io.agentsconformance.kit.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spec/asyncapi.yaml as the kit reads it, and the grammar every stream is read by. */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            {"id":"run_1","projectId":"proj_1","workflowId":"wf_1","status":"%s","inputQuery":"Hi",
             "outputSummary":null,"startedAt":"2026-12-03T10:00:00Z","finishedAt":null,"contextItemIds":[],"error":null}""";

    @Test
    void aFrameIsCheckedAgainstTheMessageItsTypeNamesAndTheRestComponentItCarries() throws Exception {
        EventContract contract = EventContract.packaged();

        assertThat(contract.validate(frame("agent.run.created", 1, RUN.formatted("PENDING")))).isEmpty();
        assertThat(contract.validate(frame("agent.run.created", 2, RUN.formatted("PENDING"))))
                .anySatisfy(v -> assertThat(v).contains("sequence"));
        assertThat(contract.validate(frame("agent.run.updated", 2, RUN.formatted("DONE"))))
                .anySatisfy(v -> assertThat(v).contains("$.data.status"));
        assertThat(contract.validate(frame("agent.run.completed", 5, RUN.formatted("RUNNING"))))
                .anySatisfy(v -> assertThat(v).contains("status"));
        assertThat(contract.validate(frame("tool_executing", 4, "{\"nodeId\":\"n\",\"toolName\":\"t\"}")))
                .anySatisfy(v -> assertThat(v).contains("toolCallId"));
        assertThat(contract.validate(frame("agent.run.exploded", 4, "{}")))
                .singleElement().asString().contains("is no message of spec/asyncapi.yaml");
        assertThat(contract.validate(JSON.readTree("{\"type\":\"error\",\"runId\":\"r\",\"sequence\":0,"
                + "\"timestamp\":\"2026-12-03T10:00:00Z\",\"data\":{\"status\":404,\"title\":\"Not Found\"}}"))).isEmpty();
    }

    /** The two rules a generated client used to lose: a failed run's error, and a TOOL step's call id. */
    @Test
    void aFailedRunsEventCarriesItsErrorAndAToolStepItsCallId() throws Exception {
        EventContract contract = EventContract.packaged();
        String failed = RUN.formatted("FAILED").replace("\"error\":null", "\"error\":%s");
        String step = "{\"id\":\"s\",\"runId\":\"run_1\",\"stepNumber\":2,\"nodeId\":\"a\",\"kind\":\"%s\",\"name\":\"t\",%s"
                + "\"status\":\"RUNNING\",\"startedAt\":\"2026-12-03T10:00:00Z\"}";

        assertThat(contract.validate(frame("agent.run.failed", 9, failed.formatted("{\"nodeId\":\"a\",\"message\":\"boom\"}"))))
                .isEmpty();
        assertThat(contract.validate(frame("agent.run.failed", 9, failed.formatted("null"))))
                .as("agent.run.failed with error null").anySatisfy(v -> assertThat(v).contains("$.data.error"));
        assertThat(contract.validate(frame("agent.step.updated", 3, step.formatted("TOOL", "\"toolCallId\":\"c1\",")))).isEmpty();
        assertThat(contract.validate(frame("agent.step.updated", 3, step.formatted("MODEL", "")))).isEmpty();
        assertThat(contract.validate(frame("agent.step.updated", 3, step.formatted("TOOL", ""))))
                .as("a TOOL step without its toolCallId").anySatisfy(v -> assertThat(v).contains("toolCallId"));
    }

    @Test
    void theGrammarNamesTheFirstFrameThatBreaksIt() throws Exception {
        List<StreamSubscriber.Frame> ok = List.of(
                raw("agent.run.created", 1, "{}"), raw("agent_started", 2, "{\"nodeId\":\"a\"}"),
                raw("agent_thinking", 3, "{\"nodeId\":\"a\"}"),
                raw("tool_executing", 4, "{\"nodeId\":\"a\",\"toolCallId\":\"c1\"}"),
                raw("tool_completed", 5, "{\"nodeId\":\"a\",\"toolCallId\":\"c1\"}"),
                raw("agent_completed", 6, "{\"nodeId\":\"a\"}"), raw("agent.run.completed", 7, "{}"));
        assertThat(StreamGrammar.breaches(ok, 0, "run_1")).isEmpty();

        List<StreamSubscriber.Frame> repeated = List.of(raw("agent.run.created", 1, "{}"), raw("agent.run.updated", 1, "{}"));
        assertThat(StreamGrammar.breaches(repeated, 0, "run_1")).singleElement().asString()
                .contains("frame 2").contains("sequence 1, expected 2");

        List<StreamSubscriber.Frame> unpaired = List.of(raw("agent.run.created", 1, "{}"),
                raw("agent_started", 2, "{\"nodeId\":\"a\"}"), raw("agent_thinking", 3, "{\"nodeId\":\"a\"}"),
                raw("tool_executing", 4, "{\"nodeId\":\"a\",\"toolCallId\":\"c1\"}"),
                raw("agent_completed", 5, "{\"nodeId\":\"a\"}"), raw("agent.run.completed", 6, "{}"),
                raw("agent.run.updated", 7, "{}"));
        assertThat(StreamGrammar.breaches(unpaired, 0, "run_1"))
                .anySatisfy(b -> assertThat(b).contains("still executing"))
                .anySatisfy(b -> assertThat(b).contains("after the terminal event"));
    }

    private static JsonNode frame(String type, long sequence, String data) throws Exception {
        return JSON.readTree("{\"type\":\"" + type + "\",\"runId\":\"run_1\",\"sequence\":" + sequence
                + ",\"timestamp\":\"2026-12-03T10:00:01.5Z\",\"data\":" + data + "}");
    }

    private static StreamSubscriber.Frame raw(String type, long sequence, String data) throws Exception {
        JsonNode json = frame(type, sequence, data);
        return new StreamSubscriber.Frame(Instant.now(), json.toString(), json);
    }
}
