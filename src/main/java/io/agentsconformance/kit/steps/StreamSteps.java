package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Pages;
import io.agentsconformance.kit.load.AtOnce;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Cast;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;
import io.agentsconformance.kit.scenario.WorkflowRef;
import io.agentsconformance.kit.waiting.Waits;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.stream.EventContract;
import io.agentsconformance.kit.stream.StreamGrammar;
import io.agentsconformance.kit.stream.StreamSubscriber;
import io.agentsconformance.kit.stream.StreamSubscriber.Frame;
import io.agentsconformance.kit.stream.Subscriptions;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A run's event stream (spec/event-stream.md), followed over a real WebSocket: who may subscribe,
 * and whether what the stream tells agrees with itself (one grammar for every stream), with the
 * run's REST state and with what the stand-ins saw the target do.
 */
public final class StreamSteps {

    private static final Set<String> TERMINAL = Set.of("agent.run.completed", "agent.run.failed", "agent.run.cancelled");

    private final Scene scene;
    private final Cast cast;
    private final Created created;
    private final Exchanges exchanges;
    private final Subscriptions subscriptions;
    private final Map<String, StreamSubscriber> followed = new java.util.HashMap<>();
    /** WS-07: the subscribers of each run started at once. */
    private final Map<RunRef, List<StreamSubscriber>> fans = new java.util.LinkedHashMap<>();
    private long resumedAfter;

    public StreamSteps(Scene scene, Cast cast, Created created, Exchanges exchanges, Subscriptions subscriptions) {
        this.scene = scene;
        this.cast = cast;
        this.created = created;
        this.exchanges = exchanges;
        this.subscriptions = subscriptions;
    }

    @After
    public void attachTranscripts() {
        subscriptions.finish();
    }

    // --- subscribing ------------------------------------------------------------------------

    @When("{actor} subscribes to the run's stream")
    public void subscribes(Actor actor) {
        subscribe(actor.name() + "'s stream", created.run().id(), bearer(actor), "");
    }

    @When("{actor} subscribes to the run's stream with her token in the URL")
    public void subscribesWithTokenInUrl(Actor actor) {
        subscribe(actor.name() + "'s stream", created.run().id(), null, "access_token=" + token(actor));
    }

    @When("{actor} subscribes to the stream of a run that does not exist")
    public void subscribesToMissingRun(Actor actor) {
        subscribe(actor.name() + "'s stream of a run that does not exist", exchanges.inventId("run"), bearer(actor), "");
    }

    @When("someone subscribes to the run's stream with {}")
    public void someoneSubscribes(String credentials) {
        String runId = created.run().id();
        switch (credentials) {
            case "no credentials" -> subscribe("a stream without credentials", runId, null, "");
            case "an unknown token" -> subscribe("a stream with an unknown token", runId,
                    "Bearer not-a-token-of-anyone-" + scene.scenarioKey(), "");
            case "an unknown token in the URL" -> subscribe("a stream with an unknown token in the URL", runId, null,
                    "access_token=not-a-token-of-anyone-" + scene.scenarioKey());
            default -> throw new IllegalArgumentException("the kit knows no credentials '" + credentials + "'");
        }
    }

    @Given("{actor} has followed the run's stream to its end")
    public void hasFollowedToTheEnd(Actor actor) {
        StreamSubscriber first = subscribe(actor.name() + "'s first stream", created.run().id(), bearer(actor), "");
        awaitEnd(first, scene.config().runTimeout());
        followed.put("first", first);
    }

    @When("{actor} resumes the run's stream after event {int}")
    public void resumesAfter(Actor actor, int sequence) {
        resumedAfter = sequence;
        subscribe(actor.name() + "'s stream resumed after " + sequence, created.run().id(), bearer(actor),
                "afterSequence=" + sequence);
    }

    @When("{actor} stops following the run")
    public void stopsFollowing(Actor actor) {
        StreamSubscriber stream = subscriptions.last();
        stream.close();
        awaitEnd(stream, scene.config().streamTimeout());
    }

    @When("{actor} starts {int} runs of {string} at once, each followed by {int} subscribers")
    public void startsRunsEachFollowed(Actor actor, int runs, String workflowName, int subscribers) {
        WorkflowRef workflow = created.workflow(workflowName);
        List<Call> started = AtOnce.all(runs, scene.config().httpTimeout().multipliedBy(2), i -> actor.api().startRun(
                workflow.project().id(), Map.of("workflowId", workflow.id(), "inputQuery", "Question " + (i + 1))));
        for (int i = 0; i < runs; i++) {
            Call call = started.get(i);
            scene.expect().status("starting run " + (i + 1) + " of " + runs + " at once", call, 201);
            RunRef run = new RunRef("run " + (i + 1), call.text("$.id"), workflow.project(), workflow, "Question " + (i + 1));
            created.addRun(run);
            for (int k = 1; k <= subscribers; k++) {
                StreamSubscriber stream = subscribe(actor.name() + "'s stream " + k + " of " + run.alias(), run.id(),
                        bearer(actor), "");
                fans.computeIfAbsent(run, r -> new ArrayList<>()).add(stream);
            }
        }
    }

    // --- outcomes ---------------------------------------------------------------------------

    @Then("a new subscriber to the run's stream gets the whole story of the run, in order")
    public void newSubscriberGetsTheWholeStory() {
        subscribes(cast.actor("Ada"));
        tellsTheWholeStory(cast.actor("Ada"));
    }

    @Then("every event names a node of the workflow, and the {word} agent starts only after the {word} agent finished")
    public void eventsNameNodesInOrder(String later, String earlier) {
        StreamSubscriber stream = subscriptions.last();
        List<String> nodes = created.run().workflow().nodeIds();
        List<Frame> frames = stream.frames();
        int lastOfEarlier = -1;
        int firstOfLater = -1;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            String type = frame.type();
            if (!Set.of("agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed",
                    "agent.node.updated", "agent.step.updated").contains(type)) {
                continue;
            }
            String node = frame.json().path("data").path("nodeId").asText(null);
            scene.expect().thatSeen(nodes.contains(node), "data.nodeId of frame " + (i + 1) + " (" + type + ")",
                    "one of the workflow's nodes " + nodes, node, stream.transcript());
            if ("agent_completed".equals(type) && earlier.equals(node)) {
                lastOfEarlier = i;
            }
            if ("agent_started".equals(type) && later.equals(node) && firstOfLater < 0) {
                firstOfLater = i;
            }
        }
        scene.expect().thatSeen(lastOfEarlier >= 0 && firstOfLater > lastOfEarlier,
                "position of the " + later + " agent's agent_started on the stream",
                "after the " + earlier + " agent's agent_completed (frame " + (lastOfEarlier + 1) + ")",
                firstOfLater < 0 ? "none" : "frame " + (firstOfLater + 1), stream.transcript());
    }

    @Then("every subscriber of a run gets the same whole story of that run, and nothing of another run")
    public void everySubscriberGetsTheSameStory() {
        for (Map.Entry<RunRef, List<StreamSubscriber>> fan : fans.entrySet()) {
            RunRef run = fan.getKey();
            StreamSubscriber first = null;
            for (StreamSubscriber stream : fan.getValue()) {
                awaitEnd(stream, scene.config().runTimeout());
                conforms(stream);
                grammar(stream, 0);
                closedNormally(stream);
                someFrames(stream);
                scene.expect().equalSeen("type of the last event of " + stream.name(), "agent.run.completed",
                        stream.frames().get(stream.frames().size() - 1).type(), stream.transcript());
                if (first == null) {
                    first = stream;
                } else {
                    scene.expect().equalSeen("the frames of " + stream.name() + ", against those of " + first.name(),
                            texts(first), texts(stream), first.transcript() + stream.transcript());
                }
            }
        }
    }

    private static List<String> texts(StreamSubscriber stream) {
        return stream.frames().stream().map(f -> f.json() == null ? f.text() : f.json().toString()).toList();
    }

    @Then("{actor}'s stream tells the whole story of the run, in order")
    public void tellsTheWholeStory(Actor actor) {
        StreamSubscriber stream = subscriptions.last();
        awaitEnd(stream, scene.config().runTimeout());
        conforms(stream);
        RunRef run = created.run();
        List<Frame> frames = stream.frames();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        scene.expect().status("reading the run after its stream ended", read, 200);
        if (!scene.config().strict() && frames.size() == 1 && TERMINAL.contains(frames.get(0).type())
                && scene.caseIds().contains("API-10.3")) {
            // API-10.3's other answer: a finished run's stream may give the final state only.
            agreesWithTheRun(stream, frames.get(0), read);
            closedNormally(stream);
            return;
        }
        grammar(stream, 0);
        closedNormally(stream);
        someFrames(stream);
        Frame last = frames.get(frames.size() - 1);
        agreesWithTheRun(stream, last, read);
        List<String> types = frames.stream().map(Frame::type).toList();
        for (String type : List.of("agent.run.created", "agent.run.updated", "agent.step.updated",
                "agent.message.appended")) {
            scene.expect().thatSeen(types.contains(type), "event types on the stream of run '" + run.alias() + "'",
                    "at least one " + type, types, stream.transcript());
        }
        everyStepAndMessageHasItsEvent(stream, run);
        toolEventsAreTheStandInsCalls(stream, run);
    }

    @Then("her stream is refused as not found")
    public void refusedAsNotFound() {
        refused(subscriptions.last(), 404, 4404, "Agent run not found");
    }

    @Then("the stream is refused as unauthorized")
    public void refusedAsUnauthorized() {
        refused(subscriptions.last(), 401, 4401, null);
    }

    @Then("her stream is refused exactly as for a run that does not exist")
    public void refusedAsIfItDidNotExist() {
        StreamSubscriber grace = subscriptions.last();
        refused(grace, 404, 4404, null);
        StreamSubscriber control = subscribe("Grace's stream of a run that does not exist", exchanges.inventId("run"),
                bearer(cast.actor("Grace")), "");
        awaitEnd(control, scene.config().streamTimeout());
        scene.expect().equalSeen("how Grace's subscription to Ada's run ended, against one to a run that does not exist",
                describeRefusal(control), describeRefusal(grace), grace.transcript() + control.transcript());
        for (Frame frame : grace.frames()) {
            scene.expect().thatSeen(!frame.text().contains(created.run().query()), "the frames Grace received",
                    "nothing of Ada's run", frame.text(), grace.transcript());
        }
    }

    @Then("the resumed stream is exactly the events after {int} of the first stream")
    public void resumedIsExactlyTheRest(int sequence) {
        StreamSubscriber resumed = subscriptions.last();
        awaitEnd(resumed, scene.config().runTimeout());
        conforms(resumed);
        grammar(resumed, sequence);
        closedNormally(resumed);
        List<String> expected = followed.get("first").frames().stream().filter(f -> f.sequence() > sequence)
                .map(f -> f.json().toString()).toList();
        List<String> actual = resumed.frames().stream().map(f -> f.json() == null ? f.text() : f.json().toString()).toList();
        scene.expect().equalSeen("the frames of the stream resumed after " + sequence + ", against the first stream's"
                + " frames after " + sequence, expected, actual, resumed.transcript());
    }

    /**
     * WF-04 on the stream: the question's tool_executing, the run's status change to INPUT_REQUIRED
     * with the question, then the answer as the call's result and the run RUNNING again, before its end.
     */
    @Then("the run's stream tells that it waited for the answer to {string}, then went on with {string}")
    public void streamShowsTheWait(String question, String answer) {
        subscribes(cast.actor("Ada"));
        StreamSubscriber stream = subscriptions.last();
        awaitEnd(stream, scene.config().runTimeout());
        conforms(stream);
        grammar(stream, 0);
        closedNormally(stream);
        List<Frame> frames = stream.frames();
        int executing = indexOf(frames, 0, f -> "tool_executing".equals(f.type())
                && ClarificationSteps.ASK_USER.equals(f.json().path("data").path("toolName").asText()));
        scene.expect().thatSeen(executing >= 0, "events of " + stream.name(), "a tool_executing event of ask_user",
                "none", stream.transcript());
        String callId = frames.get(executing).json().path("data").path("toolCallId").asText();
        int waiting = indexOf(frames, executing, f -> "agent.run.updated".equals(f.type())
                && "INPUT_REQUIRED".equals(f.json().path("data").path("status").asText()));
        scene.expect().thatSeen(waiting >= 0, "events of " + stream.name() + " after the question's tool_executing",
                "an agent.run.updated with status INPUT_REQUIRED", "none", stream.transcript());
        JsonNode asked = frames.get(waiting).json().path("data").path("inputRequired");
        scene.expect().equalSeen("data.inputRequired of the INPUT_REQUIRED event",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("nodeId", frames.get(executing).json().path("data").path("nodeId").asText())
                        .put("toolCallId", callId).put("question", question),
                asked, stream.transcript());
        int completed = indexOf(frames, waiting, f -> "tool_completed".equals(f.type())
                && callId.equals(f.json().path("data").path("toolCallId").asText()));
        scene.expect().thatSeen(completed >= 0 && answer.equals(frames.get(completed).json().path("data").path("result").asText()),
                "events of " + stream.name() + " after the run waited",
                "the question's tool_completed with the result \"" + answer + "\"",
                completed < 0 ? "none" : frames.get(completed).json().toString(), stream.transcript());
        int resumed = indexOf(frames, waiting, f -> "agent.run.updated".equals(f.type())
                && "RUNNING".equals(f.json().path("data").path("status").asText()));
        scene.expect().thatSeen(resumed >= 0, "events of " + stream.name() + " after the run waited",
                "an agent.run.updated with status RUNNING, the answer received", "none", stream.transcript());
    }

    private static int indexOf(List<Frame> frames, int from, java.util.function.Predicate<Frame> what) {
        for (int i = Math.max(from, 0); i < frames.size(); i++) {
            if (frames.get(i).json() != null && what.test(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Then("{actor}'s stream ends with the run's error, as the run reports it")
    public void endsWithTheError(Actor actor) {
        StreamSubscriber stream = subscriptions.last();
        awaitEnd(stream, scene.config().runTimeout());
        conforms(stream);
        grammar(stream, 0);
        closedNormally(stream);
        RunRef run = created.run();
        Call read = run.project().owner().api().getRun(run.project().id(), run.id());
        List<Frame> frames = stream.frames();
        someFrames(stream);
        Frame last = frames.get(frames.size() - 1);
        scene.expect().equalSeen("type of the last event of a failed run's stream", "agent.run.failed", last.type(),
                stream.transcript());
        agreesWithTheRun(stream, last, read);
        scene.expect().equalSeen("data.error of the agent.run.failed event, against the run's error",
                read.at("$.error"), last.json().path("data").path("error"), stream.transcript());
    }

    // --- helpers ----------------------------------------------------------------------------

    private StreamSubscriber subscribe(String name, String runId, String authorization, String query) {
        return subscriptions.open(name, scene.kit().target().streamUrl(), runId, authorization, query,
                scene.config().streamTimeout());
    }

    private String bearer(Actor actor) {
        return "Bearer " + token(actor);
    }

    private String token(Actor actor) {
        return "Grace".equals(actor.name()) ? scene.config().otherToken() : scene.config().token();
    }

    private void awaitEnd(StreamSubscriber stream, Duration bound) {
        if (!stream.awaitEnd(bound)) {
            throw scene.expect().failure("the end of " + stream.name() + " within " + Waits.human(bound),
                    "the terminal event, then a close", "still open after " + stream.frames().size() + " frames",
                    stream.transcript());
        }
    }

    /** Every frame against the message of spec/asyncapi.yaml its type names. */
    private void conforms(StreamSubscriber stream) {
        List<Frame> frames = stream.frames();
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            List<String> violations = EventContract.packaged().validate(frame.json());
            if (!violations.isEmpty()) {
                throw scene.expect().failure("frame " + (i + 1) + " of " + stream.name() + " (" + frame.type()
                                + ", sequence " + frame.sequence() + ")", "what spec/asyncapi.yaml documents",
                        String.join("; ", violations), frame.text() + "\n" + stream.transcript());
            }
        }
    }

    private void grammar(StreamSubscriber stream, long afterSequence) {
        List<String> breaches = StreamGrammar.breaches(stream.frames(), afterSequence, runIdOf(stream));
        if (!breaches.isEmpty()) {
            throw scene.expect().failure(stream.name() + " read as the grammar of spec/event-stream.md",
                    "no breach", breaches.get(0) + (breaches.size() > 1 ? " (and " + (breaches.size() - 1)
                            + " more: " + String.join("; ", breaches.subList(1, Math.min(breaches.size(), 6))) + ")" : ""),
                    stream.transcript());
        }
    }

    private String runIdOf(StreamSubscriber stream) {
        String path = stream.uri().getRawPath();
        return java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void someFrames(StreamSubscriber stream) {
        scene.expect().thatSeen(!stream.frames().isEmpty(), "frames of " + stream.name(),
                "the run's events, ending with its terminal event", "none before " + stream.end().describe(),
                stream.transcript());
    }

    private void closedNormally(StreamSubscriber stream) {
        StreamSubscriber.End end = stream.end();
        scene.expect().thatSeen(end != null && Objects.equals(end.closeCode(), 1000), "how " + stream.name() + " ended",
                "closed with 1000 after the terminal event", end == null ? "still open" : end.describe(), stream.transcript());
    }

    private void agreesWithTheRun(StreamSubscriber stream, Frame last, Call read) {
        scene.expect().thatSeen(TERMINAL.contains(last.type()), "the last event of " + stream.name(),
                "a terminal event (" + String.join(", ", TERMINAL) + ")", last.type(), stream.transcript());
        JsonNode data = last.json().path("data");
        scene.expect().equalSeen("data.status of the terminal event, against the run read through REST",
                read.text("$.status"), data.path("status").asText(null), stream.transcript());
        scene.expect().equalSeen("data.outputSummary of the terminal event, against the run read through REST",
                read.at("$.outputSummary"), data.path("outputSummary"), stream.transcript());
        scene.expect().equalSeen("data.finishedAt of the terminal event, against the run read through REST",
                instant(read.text("$.finishedAt")), instant(data.path("finishedAt").asText(null)), stream.transcript());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private void everyStepAndMessageHasItsEvent(StreamSubscriber stream, RunRef run) {
        var api = run.project().owner().api();
        Set<String> stepEvents = idsOf(stream, "agent.step.updated");
        for (JsonNode step : Pages.walk(scene, "steps of run '" + run.alias() + "'", Map.of(), 100,
                query -> api.listSteps(run.project().id(), run.id(), query)).items()) {
            scene.expect().thatSeen(stepEvents.contains(step.path("id").asText()),
                    "agent.step.updated events on the stream", "one for step " + step.path("stepNumber").asInt()
                            + " (" + step.path("id").asText() + "), listed by REST", stepEvents, stream.transcript());
        }
        Set<String> messageEvents = idsOf(stream, "agent.message.appended");
        for (JsonNode message : Pages.walk(scene, "messages of run '" + run.alias() + "'", Map.of(), 100,
                query -> api.listMessages(run.project().id(), run.id(), query)).items()) {
            scene.expect().thatSeen(messageEvents.contains(message.path("id").asText()),
                    "agent.message.appended events on the stream", "one for the " + message.path("type").asText()
                            + " message " + message.path("id").asText() + ", listed by REST", messageEvents,
                    stream.transcript());
        }
    }

    private static Set<String> idsOf(StreamSubscriber stream, String type) {
        Set<String> ids = new LinkedHashSet<>();
        stream.frames().stream().filter(f -> type.equals(f.type()))
                .forEach(f -> ids.add(f.json().path("data").path("id").asText()));
        return ids;
    }

    /** WS-01: each tool call the model stand-in asked for is executed and completed on the stream, under its id. */
    private void toolEventsAreTheStandInsCalls(StreamSubscriber stream, RunRef run) {
        Set<String> issued = new LinkedHashSet<>();
        created.journal().forRun(run.id()).stream().filter(e -> "model".equals(e.surface()))
                .forEach(e -> issued.addAll(e.toolCallIdsAnswered()));
        for (String type : List.of("tool_executing", "tool_completed")) {
            List<String> onStream = new ArrayList<>();
            stream.frames().stream().filter(f -> type.equals(f.type()))
                    .forEach(f -> onStream.add(f.json().path("data").path("toolCallId").asText()));
            scene.expect().equalSeen(type + " events' toolCallId, against the tool calls the model stand-in asked for",
                    issued, new LinkedHashSet<>(onStream), stream.transcript());
        }
        if (!issued.isEmpty()) {
            List<String> types = stream.frames().stream().map(Frame::type).toList();
            for (String type : List.of("agent_started", "agent_thinking", "agent_completed")) {
                scene.expect().thatSeen(types.contains(type), "agent lifecycle events on the stream", "at least one " + type,
                        types, stream.transcript());
            }
        }
    }

    private void refused(StreamSubscriber stream, int status, int closeCode, String detail) {
        awaitEnd(stream, scene.config().streamTimeout());
        conforms(stream);
        StreamSubscriber.End end = stream.end();
        if (end.refusedStatus() != null && !scene.config().strict()) {
            // The other answer spec/event-stream.md allows: the handshake refused with the same status.
            scene.expect().equalSeen("HTTP status of the refused handshake of " + stream.name(), status, end.refusedStatus(),
                    stream.transcript());
            return;
        }
        scene.expect().equalSeen("close code of " + stream.name(), closeCode, end.closeCode(), stream.transcript());
        List<Frame> frames = stream.frames();
        scene.expect().equalSeen("frames before the close of " + stream.name() + " (one error event)", 1, frames.size(),
                stream.transcript());
        Frame error = frames.get(0);
        scene.expect().equalSeen("type of the frame of a refused subscription", "error", error.type(), stream.transcript());
        scene.expect().equalSeen("data.status of the error event", status, error.json().path("data").path("status").asInt(),
                stream.transcript());
        if (detail != null && scene.config().strict()) {
            scene.expect().thatSeen(error.json().path("data").path("detail").asText("").contains(detail),
                    "data.detail of the error event", "text containing \"" + detail + "\"",
                    error.json().path("data").path("detail").asText(null), stream.transcript());
        }
    }

    private static String describeRefusal(StreamSubscriber stream) {
        StreamSubscriber.End end = stream.end();
        if (end == null) {
            return "still open";
        }
        List<String> frames = new ArrayList<>();
        for (Frame frame : stream.frames()) {
            JsonNode data = frame.json() == null ? null : frame.json().path("data");
            frames.add(frame.type() + (data == null ? "" : " " + data.path("status").asText() + " "
                    + data.path("title").asText() + ": " + data.path("detail").asText()));
        }
        return end.describe() + " after " + frames;
    }
}
