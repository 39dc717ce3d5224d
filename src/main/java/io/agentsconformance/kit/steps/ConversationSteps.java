package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Pages;
import io.agentsconformance.kit.load.AtOnce;
import io.agentsconformance.kit.refusal.Refusals;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.waiting.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A run's conversation: reading its messages and adding the user's. */
public final class ConversationSteps {

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;
    private final Waits waits;
    private final Refusals refusals;
    private String sent;
    private final List<List<String>> waves = new ArrayList<>();

    public ConversationSteps(Scene scene, Created created, Exchanges exchanges, Waits waits, Refusals refusals) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
        this.waits = waits;
        this.refusals = refusals;
    }

    // --- adding messages --------------------------------------------------------------------

    @Given("{actor} has asked the run {string}")
    public void hasAskedTheRun(Actor actor, String content) {
        RunRef run = created.run();
        Call call = append(actor, content, List.of());
        scene.expect().status("asking the run a follow-up question", call, 201);
        waits.untilAnsweredAgain(run, call.text("$.id"));
    }

    @When("{actor} asks the run {string}")
    public void asksTheRun(Actor actor, String content) {
        append(actor, content, List.of());
    }

    @When("{actor} asks the run {string} and it is answered")
    public void asksAndIsAnswered(Actor actor, String content) {
        hasAskedTheRun(actor, content);
    }

    @When("{actor} asks the run {string} with the context items {string} and {string}")
    public void asksTheRunWithContextItems(Actor actor, String content, String first, String second) {
        append(actor, content, List.of(created.contextItem(first).id(), created.contextItem(second).id()));
    }

    @When("{actor} sends the run a message of {int} KB")
    public void sendsALongMessage(Actor actor, int kilobytes) {
        append(actor, longText(kilobytes * 1024), List.of());
    }

    @When("{actor} sends the run two waves of {int} messages, all messages of a wave at once")
    public void sendsTwoWaves(Actor actor, int perWave) {
        RunRef run = created.run();
        for (int wave = 1; wave <= 2; wave++) {
            List<String> contents = new ArrayList<>();
            for (int i = 1; i <= perWave; i++) {
                contents.add("Wave " + wave + ", message " + i);
            }
            List<Call> answers = AtOnce.all(contents.size(), scene.config().httpTimeout().multipliedBy(2), i -> actor.api().appendMessage(run.project().id(), run.id(),
                    Map.of("content", contents.get(i))));
            for (Call answer : answers) {
                scene.expect().status("sending a message of wave " + wave + " at the same time as " + (perWave - 1)
                        + " others", answer, 201);
            }
            waves.add(contents);
        }
    }

    private Call append(Actor actor, String content, List<String> contextItemIds) {
        RunRef run = created.run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        if (!contextItemIds.isEmpty()) {
            body.put("contextItemIds", contextItemIds);
        }
        Call call = actor.api().appendMessage(run.project().id(), run.id(), body);
        sent = content;
        exchanges.lastCall(call);
        return call;
    }

    // --- reading messages -------------------------------------------------------------------

    @When("{actor} lists the messages of the run written by the user")
    public void listsUserMessages(Actor actor) {
        RunRef run = created.run();
        exchanges.lastCall(actor.api().listMessages(run.project().id(), run.id(), Map.of("role", "user")));
    }

    @When("{actor} lists the assistant messages of the run")
    public void listsAssistantMessages(Actor actor) {
        RunRef run = created.run();
        exchanges.lastCall(actor.api().listMessages(run.project().id(), run.id(), Map.of("type", "assistant")));
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Then("she gets exactly the messages {string} and {string}")
    public void exactlyTheMessages(String first, String second) {
        Call call = exchanges.lastCall();
        scene.expect().status("listing the messages of the run", call, 200);
        List<String> contents = new ArrayList<>();
        call.at("$.items").forEach(m -> contents.add(m.path("content").asText()));
        scene.expect().equal("$.items[].content, oldest first", List.of(first, second), contents, call);
        scene.expect().field(call, "$.total", 2);
    }

    @Then("the run's {int} messages are the query, each tool call with its result, and the answer, oldest first")
    public void theWholeConversation(int count) {
        RunRef run = created.run();
        Pages.Walk walk = Pages.walk(scene, "messages of run '" + run.alias() + "'", Map.of(), 0,
                query -> run.project().owner().api().listMessages(run.project().id(), run.id(), query));
        Call page = walk.first();
        exchanges.lastCall(page);
        scene.expect().field(page, "$.total", count);
        List<JsonNode> messages = walk.items();
        scene.expect().equal("number of messages listed", count, messages.size(), page);
        expectMessage(page, messages, 0, "user", "user");
        scene.expect().equal("$.items[0].content", run.query(), messages.get(0).path("content").asText(), page);
        for (int i = 1; i < count - 1; i += 2) {
            expectMessage(page, messages, i, "agent", "tool_call");
            expectMessage(page, messages, i + 1, "agent", "tool_result");
            String callId = messages.get(i).path("toolCallId").asText(null);
            scene.expect().that(callId != null, "$.items[" + i + "].toolCallId", "the id of the tool call", callId, page);
            scene.expect().equal("$.items[" + (i + 1) + "].toolCallId (the call this result answers)", callId,
                    messages.get(i + 1).path("toolCallId").asText(null), page);
        }
        expectMessage(page, messages, count - 1, "agent", "assistant");
        chronological(messages, page);
    }

    @Then("her message is added to the run as a user message with an id of its own")
    public void messageIsAdded() {
        Call call = exchanges.lastCall();
        scene.expect().status("sending the run a message", call, 201);
        scene.expect().filled(call, "$.id");
        scene.expect().field(call, "$.role", "user");
        scene.expect().field(call, "$.runId", created.run().id());
        scene.expect().field(call, "$.content", sent);
        RunRef run = created.run();
        Call listed = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("limit", 100));
        String id = call.text("$.id");
        int found = 0;
        for (JsonNode message : listed.at("$.items")) {
            if (id.equals(message.path("id").asText())) {
                found++;
                scene.expect().equal("content of message " + id + " as listed", sent, message.path("content").asText(), listed);
            }
        }
        scene.expect().equal("times the new message " + id + " is listed among the run's messages", 1, found, listed);
    }

    @Then("the run is RUNNING again, with no finish time")
    public void runningAgain() {
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().field(read, "$.status", "RUNNING");
        scene.expect().field(read, "$.finishedAt", null);
    }

    @Then("her message lists the context items {string} and {string}")
    public void messageListsContextItems(String first, String second) {
        Call call = exchanges.lastCall();
        scene.expect().status("sending the run a message with context items", call, 201);
        Set<String> listed = new TreeSet<>();
        call.at("$.contextItemIds").forEach(id -> listed.add(id.asText()));
        Set<String> expected = new TreeSet<>(List.of(created.contextItem(first).id(), created.contextItem(second).id()));
        scene.expect().equal("$.contextItemIds of the new message", expected, listed, call);
    }

    @Then("the message is refused as a conflict saying the run cannot accept messages")
    public void refusedAsConflict() {
        refusals.refused(exchanges.lastCall(), "sending a message to a cancelled run", new int[] {409}, new int[] {409, 400},
                "cannot accept messages");
    }

    @Then("the message is refused as a bad request saying content is required")
    public void refusedAsEmpty() {
        refusals.refusedSaying(exchanges.lastCall(), "sending an empty message", new int[] {400}, new int[] {400},
                List.of("content", "required"));
    }

    @Then("the run has no message {string}")
    public void noMessage(String content) {
        RunRef run = created.run();
        Call listed = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of("limit", 100));
        scene.expect().status("listing the messages of the run", listed, 200);
        for (JsonNode message : listed.at("$.items")) {
            scene.expect().that(!content.equals(message.path("content").asText()), "messages of the run",
                    "no message \"" + content + "\"", message, listed);
        }
    }

    @Then("the run still has its {int} messages")
    public void stillHasMessages(int count) {
        RunRef run = created.run();
        Call listed = run.project().owner().api().listMessages(run.project().id(), run.id(), Map.of());
        scene.expect().field(listed, "$.total", count);
    }

    @Then("the run's messages hold that message intact, unless the target declares a lower limit and refuses it as too large")
    public void messageIntact() {
        Call answer = exchanges.lastCall();
        long limit = scene.kit().readiness().maxRequestBytes();
        long size = bodyBytes(Map.of("content", sent));
        if (size > limit) {
            // EDGE-2's other answer: a clear 413 above the limit the target declares in /api/health.
            refusals.refused(answer, "sending a message whose body (" + size + " bytes) is over the limit the target"
                    + " declares (limits.maxRequestBytes = " + limit + ")", new int[] {413}, new int[] {413}, null);
            io.agentsconformance.kit.report.Evidence.text("accepted alternative", "The body of " + size
                    + " bytes is over the target's declared limit of " + limit + " bytes: 413 is the answer EDGE-2 expects.");
            return;
        }
        scene.expect().status("sending a message of " + sent.length() + " characters (a body of " + size
                + " bytes, within the target's limit of " + limit + ")", answer, 201);
        String id = answer.text("$.id");
        intact("the answer to the message", sent, answer.text("$.content"), answer);
        RunRef run = created.run();
        Pages.Walk walk = Pages.walk(scene, "messages of run '" + run.alias() + "'", Map.of("role", "user"), 0,
                query -> run.project().owner().api().listMessages(run.project().id(), run.id(), query));
        JsonNode stored = walk.items().stream().filter(m -> id.equals(m.path("id").asText())).findFirst().orElse(null);
        scene.expect().that(stored != null, "the long message among the run's user messages", "message " + id,
                "not listed", walk.first());
        intact("the listed message " + id, sent, stored.path("content").asText(), walk.first());
    }

    @Then("the run's messages list each of them once, oldest first, the first wave before the second")
    public void wavesInOrder() {
        RunRef run = created.run();
        Pages.Walk walk = Pages.walk(scene, "messages of run '" + run.alias() + "'", Map.of(), 100,
                query -> run.project().owner().api().listMessages(run.project().id(), run.id(), query));
        List<String> contents = walk.items().stream().map(m -> m.path("content").asText()).toList();
        for (int wave = 0; wave < waves.size(); wave++) {
            for (String content : waves.get(wave)) {
                scene.expect().equal("times \"" + content + "\" is listed", 1L,
                        contents.stream().filter(content::equals).count(), walk.first());
            }
        }
        int lastOfFirst = waves.get(0).stream().mapToInt(contents::indexOf).max().orElseThrow();
        int firstOfSecond = waves.get(1).stream().mapToInt(contents::indexOf).min().orElseThrow();
        scene.expect().that(lastOfFirst < firstOfSecond, "positions of the two waves in the list",
                "every message of wave 1 before every message of wave 2",
                "\"" + contents.get(lastOfFirst) + "\" at " + (lastOfFirst + 1) + ", \"" + contents.get(firstOfSecond)
                        + "\" at " + (firstOfSecond + 1), walk.first());
        chronological(walk.items(), walk.first());
    }

    // --- helpers ----------------------------------------------------------------------------

    private void expectMessage(Call page, List<JsonNode> messages, int i, String role, String type) {
        scene.expect().equal("$.items[" + i + "].role", role, messages.get(i).path("role").asText(), page);
        scene.expect().equal("$.items[" + i + "].type", type, messages.get(i).path("type").asText(), page);
    }

    /** Oldest first: no message is listed after one created later. */
    private void chronological(List<JsonNode> messages, Call evidence) {
        Instant previous = Instant.MIN;
        for (int i = 0; i < messages.size(); i++) {
            Instant created = Instant.parse(messages.get(i).path("createdAt").asText());
            if (created.isBefore(previous)) {
                throw scene.expect().failure("$.items[" + i + "].createdAt", "not before the message listed before it ("
                        + previous + ")", created.toString(), evidence);
            }
            previous = created;
        }
    }

    private void intact(String what, String expected, String actual, Call evidence) {
        if (!Objects.equals(expected, actual)) {
            throw scene.expect().failure("content of " + what, expected.length() + " characters with SHA-256 "
                    + sha256(expected), actual == null ? "none" : actual.length() + " characters with SHA-256 "
                    + sha256(actual), evidence);
        }
    }

    /** The size of a JSON body as the kit sends it. */
    static long bodyBytes(Map<String, ?> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of about {@code bytes} bytes, every line numbered, so that a cut or a shuffle shows. */
    static String longText(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 100);
        for (int line = 1; text.length() < bytes; line++) {
            text.append(String.format("Line %06d of a very long message: the quick brown fox jumps over the lazy dog.%n", line));
        }
        text.setLength(bytes);
        return text.toString();
    }

    private static String sha256(String text) {
        return io.agentsconformance.kit.report.Evidence.sha256(text).substring(0, 16);
    }
}
