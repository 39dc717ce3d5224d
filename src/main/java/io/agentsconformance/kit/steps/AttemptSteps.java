package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.fixtures.Fixtures;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Retries as the stand-ins saw them: how many attempts, numbered how, and how long the target
 * waited between them (spec/llm-and-tools.md, "Failures, retries and timeouts" and "Timing the
 * kit allows"). The stand-ins stamp each request when it arrives; nothing here reads a clock of
 * the target.
 */
public final class AttemptSteps {

    /** Two arrival stamps of the stand-in, each to the millisecond (spec/llm-and-tools.md). */
    static final Duration TIMESTAMP_TOLERANCE = Duration.ofMillis(20);

    private final Scene scene;
    private final Created created;

    public AttemptSteps(Scene scene, Created created) {
        this.scene = scene;
        this.created = created;
    }

    @Then("the {word} agent was asked {int} time(s), as attempts {attempts} of one request")
    public void askedAsAttempts(String node, int times, List<Integer> attempts) {
        List<Exchange> requests = modelRequests(node);
        scene.expect().equalSeen("model requests of node '" + node + "' in run '" + created.run().alias() + "'",
                times, requests.size(), describe(requests));
        scene.expect().equalSeen("X-Agents-Attempt of the model requests of node '" + node + "', in order",
                attempts.stream().map(String::valueOf).toList(), requests.stream().map(Exchange::attempt).toList(),
                describe(requests));
        JsonNode first = requests.get(0).body().path("messages");
        for (Exchange retry : requests.subList(1, requests.size())) {
            scene.expect().thatSeen(retry.body().path("messages").equals(first),
                    "messages of attempt " + retry.attempt() + " of node '" + node + "'",
                    "the same conversation as attempt 1 (a retry repeats its request)", retry.body().path("messages"),
                    first.toString());
        }
    }

    @Then("the {string} tool was called {int} times for the same tool call, as attempts {attempts}")
    public void toolCalledAsAttempts(String tool, int times, List<Integer> attempts) {
        RunRef run = created.run();
        List<Exchange> calls = created.journal().toolRequests(run.id(), tool);
        scene.expect().equalSeen("requests to tool '" + tool + "' in run '" + run.alias() + "'", times, calls.size(),
                describe(calls));
        scene.expect().equalSeen("X-Agents-Attempt of the requests to tool '" + tool + "', in order",
                attempts.stream().map(String::valueOf).toList(), calls.stream().map(Exchange::attempt).toList(),
                describe(calls));
        scene.expect().equalSeen("X-Agents-Tool-Call-Id of every attempt", 1,
                calls.stream().map(Exchange::toolCallId).distinct().count() == 1 ? 1 : 0, describe(calls));
    }

    /** Retry n of a request waits retryBackoffMs x 2^(n-1), read back from the workflow as created. */
    @Then("each retry of the {word} agent waited at least the node's backoff")
    public void waitedTheBackoff(String node) {
        RunRef run = created.run();
        Call workflow = run.project().owner().api().getWorkflow(run.project().id(), run.workflow().id());
        scene.expect().status("reading the workflow back", workflow, 200);
        long backoff = -1;
        for (JsonNode n : workflow.at("$.nodes")) {
            if (node.equals(n.path("id").asText())) {
                backoff = n.path("retryBackoffMs").asLong(-1);
            }
        }
        scene.expect().that(backoff >= 0, "retryBackoffMs of node '" + node + "'", "the value the kit set", backoff,
                workflow);
        long base = backoff;
        checkWaits(node, (previous, retry) -> base * (1L << (Integer.parseInt(retry.attempt()) - 2)),
                "retryBackoffMs x 2^(n-1) = " + backoff + " x 2^(n-1) ms");
    }

    @Then("each retry of the {word} agent waited at least what the model asked for")
    public void waitedWhatWasAsked(String node) {
        checkWaits(node, (previous, retry) -> previous.askedToWaitMs(), "the wait the previous answer asked for");
    }

    @Then("the {word} agent's last request asked for the model {string}, after {int} attempts with its own model")
    public void fallbackModelAfterAttempts(String node, String model, int attempts) {
        List<Exchange> requests = modelRequests(node);
        String seen = describe(requests);
        scene.expect().equalSeen("model requests of node '" + node + "'", attempts + 1, requests.size(), seen);
        for (Exchange primary : requests.subList(0, attempts)) {
            scene.expect().equalSeen("$.model of attempt " + primary.attempt() + " of the node's own agent",
                    Fixtures.DEFAULT_MODEL, primary.model(), seen);
        }
        scene.expect().equalSeen("$.model of the request after the node's own attempts ran out", model,
                requests.get(attempts).model(), seen);
    }

    private interface Owed {
        long millis(Exchange previous, Exchange retry);
    }

    /** Every request whose attempt follows its predecessor's came no sooner than it was owed. */
    private void checkWaits(String node, Owed owed, String rule) {
        List<Exchange> requests = modelRequests(node);
        List<String> waits = new ArrayList<>();
        int retries = 0;
        for (int i = 1; i < requests.size(); i++) {
            Exchange previous = requests.get(i - 1);
            Exchange retry = requests.get(i);
            if (Integer.parseInt(retry.attempt()) != Integer.parseInt(previous.attempt()) + 1) {
                continue;
            }
            retries++;
            long waited = Duration.between(previous.at(), retry.at()).toMillis();
            long due = owed.millis(previous, retry);
            waits.add("attempt " + retry.attempt() + ": waited " + waited + " ms, owed " + due + " ms");
            scene.expect().thatSeen(waited >= due - TIMESTAMP_TOLERANCE.toMillis(),
                    "wait before attempt " + retry.attempt() + " of node '" + node + "' (" + rule + ", less "
                            + TIMESTAMP_TOLERANCE.toMillis() + " ms for the timestamps)",
                    "at least " + due + " ms", waited + " ms", String.join("\n", waits) + "\n" + describe(requests));
        }
        scene.expect().thatSeen(retries > 0, "retries of node '" + node + "'", "at least one", "none",
                describe(requests));
        io.agentsconformance.kit.report.Evidence.text("waits between attempts of node '" + node + "'",
                String.join("\n", waits));
    }

    private List<Exchange> modelRequests(String node) {
        RunRef run = created.run();
        return created.journal().modelRequests(run.id(), node);
    }

    static String describe(List<Exchange> requests) {
        List<String> lines = new ArrayList<>();
        for (Exchange e : requests) {
            lines.add(e.at() + " " + e.surface() + " node=" + e.nodeId() + " attempt=" + e.attempt()
                    + (e.toolCallId() == null ? "" : " toolCallId=" + e.toolCallId())
                    + (e.model() == null ? "" : " model=" + e.model()) + " -> " + e.responseStatus()
                    + (e.responseHeaders().isEmpty() ? "" : " " + Map.copyOf(e.responseHeaders())));
        }
        return lines.isEmpty() ? "no requests" : String.join("\n", lines);
    }
}
