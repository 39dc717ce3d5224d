package io.agentsconformance.kit.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of spec/asyncapi.yaml cannot drift: every event (message) has at least one, each
 * is a frame of that very message, and each passes the check every frame of a real stream passes
 * ({@link EventContract}, with the components of openapi.yaml it reuses).
 */
class AsyncApiExamplesTest {

    @Test
    void everyEventHasAnExampleAndEachIsAFrameTheKitAccepts() throws Exception {
        List<String> checked = new ArrayList<>();

        assertThat(problems(packaged("asyncapi.yaml"), packaged("openapi.yaml"), checked))
                .as("examples of spec/asyncapi.yaml that break their message, or are missing").isEmpty();
        assertThat(checked).as("examples checked").hasSizeGreaterThanOrEqualTo(14)
                .contains("runFailed runFailed", "toolExecuting toolExecuting", "error runNotFound");
    }

    @Test
    void aBrokenExampleIsCaughtNamingItAndTheRule() throws Exception {
        String asyncapi = packaged("asyncapi.yaml");
        String openapi = packaged("openapi.yaml");
        String noError = asyncapi.replace("error: { nodeId: analyst, message: \"model answered 500 three times\" }", "error: null");
        assertThat(noError).isNotEqualTo(asyncapi);

        assertThat(problems(noError, openapi, new ArrayList<>())).as("an agent.run.failed example whose error is null")
                .anySatisfy(p -> assertThat(p).startsWith("runFailed runFailed: $.data.error"));
        String otherType = asyncapi.replace("type: agent_started\n", "type: agent_completed\n");
        assertThat(problems(otherType, openapi, new ArrayList<>())).as("an example of another message than its own")
                .anySatisfy(p -> assertThat(p).startsWith("agentStarted agentStarted: type agent_completed"));
    }

    static List<String> problems(String asyncapi, String openapi, List<String> checked) throws IOException {
        EventContract contract = EventContract.parse(asyncapi, openapi);
        JsonNode document = new YAMLMapper().readTree(asyncapi);
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> messages = document.path("components").path("messages").fields();
                messages.hasNext(); ) {
            Map.Entry<String, JsonNode> message = messages.next();
            String type = message.getValue().path("name").asText();
            JsonNode examples = message.getValue().path("examples");
            if (examples.isEmpty()) {
                problems.add(message.getKey() + " (" + type + "): no example");
            }
            for (JsonNode example : examples) {
                String name = message.getKey() + " " + example.path("name").asText("(unnamed)");
                checked.add(name);
                JsonNode frame = example.path("payload");
                if (!frame.path("type").asText().equals(type)) {
                    // Validated as the message its type names, which is not this one: a frame of another event.
                    problems.add(name + ": type " + frame.path("type").asText() + ", not the message's own " + type);
                }
                contract.validate(frame).forEach(v -> problems.add(name + ": " + v));
            }
        }
        return problems;
    }

    private static String packaged(String file) throws IOException {
        try (InputStream in = AsyncApiExamplesTest.class.getClassLoader().getResourceAsStream("spec/" + file)) {
            assertThat(in).as("spec/" + file + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
