package io.agentsconformance.kit.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's stream read as a grammar (spec/event-stream.md), by one state machine that every stream
 * scenario runs, in the way AG-UI's client verifies its event streams: the first frame creates
 * the run, sequence numbers start at 1 and grow by exactly 1, time never goes back, nothing
 * follows the terminal event, per node the lifecycle events come in causal order, every
 * {@code tool_executing} has exactly one {@code tool_completed} with its {@code toolCallId}, and
 * once the run ended every node that started has finished.
 */
public final class StreamGrammar {

    static final Set<String> TERMINAL = Set.of("agent.run.completed", "agent.run.failed", "agent.run.cancelled");

    private enum NodePhase { STARTED, THINKING, FINISHED }

    private StreamGrammar() {
    }

    /**
     * The breaches of the grammar in {@code frames}, each naming the frame; none for a correct stream.
     *
     * @param afterSequence the subscription's {@code afterSequence} (0 for a whole stream)
     * @param runId         the run subscribed to
     */
    public static List<String> breaches(List<StreamSubscriber.Frame> frames, long afterSequence, String runId) {
        List<String> breaches = new ArrayList<>();
        Map<String, NodePhase> nodes = new LinkedHashMap<>();
        Map<String, String> openTools = new HashMap<>();
        Set<String> completedTools = new HashSet<>();
        Instant previous = null;
        boolean ended = false;
        for (int i = 0; i < frames.size(); i++) {
            StreamSubscriber.Frame frame = frames.get(i);
            String at = "frame " + (i + 1) + " (" + frame.type() + ", sequence " + frame.sequence() + ")";
            JsonNode json = frame.json();
            if (json == null || !json.isObject()) {
                breaches.add(at + ": not a JSON object: " + abbreviate(frame.text()));
                continue;
            }
            String type = frame.type();
            if (ended) {
                breaches.add(at + ": after the terminal event; nothing may follow it");
            }
            long expected = afterSequence + i + 1;
            if (frame.sequence() != expected) {
                breaches.add(at + ": sequence " + frame.sequence() + ", expected " + expected
                        + (i == 0 ? " (the first event after " + afterSequence + ")" : " (the previous one plus 1)"));
            }
            if (i == 0 && afterSequence == 0 && !"agent.run.created".equals(type)) {
                breaches.add(at + ": the first event of a run is agent.run.created");
            }
            if (!runId.equals(json.path("runId").asText())) {
                breaches.add(at + ": runId '" + json.path("runId").asText() + "', but the stream is of run " + runId);
            }
            try {
                Instant timestamp = Instant.parse(json.path("timestamp").asText());
                if (previous != null && timestamp.isBefore(previous)) {
                    breaches.add(at + ": timestamp " + timestamp + " is before the previous event's " + previous);
                }
                previous = timestamp;
            } catch (DateTimeParseException bad) {
                breaches.add(at + ": timestamp '" + json.path("timestamp").asText() + "' is not RFC 3339");
            }
            JsonNode data = json.path("data");
            String node = data.path("nodeId").asText(null);
            NodePhase phase = node == null ? null : nodes.get(node);
            switch (type) {
                case "agent_started" -> {
                    if (phase != null && phase != NodePhase.FINISHED) {
                        breaches.add(at + ": node '" + node + "' started again before it finished");
                    }
                    nodes.put(node, NodePhase.STARTED);
                }
                case "agent_thinking" -> {
                    if (phase == null || phase == NodePhase.FINISHED) {
                        breaches.add(at + ": node '" + node + "' thinks before its agent_started");
                    }
                    nodes.put(node, NodePhase.THINKING);
                }
                case "tool_executing" -> {
                    String call = data.path("toolCallId").asText("");
                    if (phase != NodePhase.THINKING) {
                        breaches.add(at + ": tool call '" + call + "' of node '" + node + "' before the node's agent_thinking");
                    }
                    if (openTools.putIfAbsent(call, node) != null) {
                        breaches.add(at + ": tool call '" + call + "' executing while it is already executing");
                    } else if (completedTools.contains(call)) {
                        // a retried attempt follows only a failed one (tool_completed with an error)
                        breaches.add(at + ": tool call '" + call + "' executing again after it completed");
                    }
                }
                case "tool_completed" -> {
                    String call = data.path("toolCallId").asText("");
                    if (openTools.remove(call) == null) {
                        breaches.add(at + ": tool call '" + call + "' completed without its tool_executing");
                    }
                    if (!data.hasNonNull("error")) {
                        completedTools.add(call);
                    }
                }
                case "agent_completed" -> {
                    if (phase == null || phase == NodePhase.FINISHED) {
                        breaches.add(at + ": node '" + node + "' completed without a running agent_started");
                    }
                    openTools.forEach((call, owner) -> {
                        if (owner.equals(node)) {
                            breaches.add(at + ": node '" + node + "' completed with tool call '" + call + "' still executing");
                        }
                    });
                    nodes.put(node, NodePhase.FINISHED);
                }
                default -> {
                    // the REST mirrors and the terminal events carry no per-node phase
                }
            }
            if (TERMINAL.contains(type)) {
                ended = true;
                if ("agent.run.completed".equals(type)) {
                    nodes.forEach((name, state) -> {
                        if (state != NodePhase.FINISHED) {
                            breaches.add(at + ": the run completed while node '" + name + "' had not finished");
                        }
                    });
                    if (!openTools.isEmpty()) {
                        breaches.add(at + ": the run completed with tool calls still executing: " + openTools.keySet());
                    }
                }
            }
        }
        return breaches;
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
