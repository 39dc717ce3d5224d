package io.agentsconformance.kit.steps;

import io.agentsconformance.kit.api.Pages;
import io.agentsconformance.kit.scenario.Actor;
import io.agentsconformance.kit.scenario.Created;
import io.agentsconformance.kit.scenario.Exchanges;
import io.agentsconformance.kit.scenario.Scene;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsconformance.kit.api.Call;
import io.agentsconformance.kit.standin.Journal.Exchange;
import io.agentsconformance.kit.scenario.RunRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, as the target reports it: its steps (one per model or tool call attempt) and
 * the state of each workflow node. Where the stand-ins saw the calls, the steps are held against
 * the stand-ins' journal: the target must report the calls it really made, in the order it made them.
 */
public final class RunDetailSteps {

    private final Scene scene;
    private final Created created;
    private final Exchanges exchanges;

    public RunDetailSteps(Scene scene, Created created, Exchanges exchanges) {
        this.scene = scene;
        this.created = created;
        this.exchanges = exchanges;
    }

    @When("{actor} lists the steps of run {string}")
    public void listsStepsOfRun(Actor actor, String alias) {
        RunRef run = created.run(alias);
        exchanges.lastCall(actor.api().listSteps(run.project().id(), run.id(), Map.of()));
    }

    @When("{actor} reads the node states of run {string}")
    public void readsNodeStatesOfRun(Actor actor, String alias) {
        RunRef run = created.run(alias);
        exchanges.lastCall(actor.api().listNodeStates(run.project().id(), run.id()));
    }

    @Then("she gets an empty list")
    public void anEmptyList() {
        Call call = exchanges.lastCall();
        scene.expect().status("reading the list", call, 200);
        scene.expect().equal("number of $.items", 0, call.at("$.items").size(), call);
        scene.expect().that(call.at("$.items").isArray(), "$.items", "an empty array", call.at("$.items"), call);
        if (!call.at("$.total").isMissingNode()) {
            scene.expect().field(call, "$.total", 0);
        }
    }

    @Then("the run's steps are the {int} calls it made, in the order it made them")
    public void stepsAreTheCalls(int count) {
        RunRef run = created.run();
        Call page = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of());
        exchanges.lastCall(page);
        scene.expect().status("listing the steps of the run", page, 200);
        scene.expect().field(page, "$.total", count);
        scene.expect().field(page, "$.nextCursor", null);
        List<JsonNode> steps = new ArrayList<>();
        page.at("$.items").forEach(steps::add);
        scene.expect().equal("number of steps on the first page (the default limit is 20)", count, steps.size(), page);
        matchJournal(run, steps, page);
    }

    @Then("reading its steps {int} at a time gives {int} pages that list steps {int} to {int} once each, in order")
    public void readingStepsAFewAtATime(int limit, int pageCount, int first, int last) {
        RunRef run = created.run();
        Pages.Walk walk = Pages.walk(scene, "steps of run '" + run.alias() + "' " + limit + " at a time", Map.of(), limit,
                query -> run.project().owner().api().listSteps(run.project().id(), run.id(), query));
        scene.expect().equal("number of pages of " + limit + " steps (sizes " + walk.sizes() + ")", pageCount,
                walk.pages().size(), walk.first());
        scene.expect().field(walk.first(), "$.total", last - first + 1);
        List<Integer> numbers = walk.items().stream().map(s -> s.path("stepNumber").asInt()).toList();
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != first + i) {
                throw scene.expect().failure("$.items[].stepNumber across the pages, position " + (i + 1),
                        String.valueOf(first + i), numbers.get(i),
                        "step numbers listed around it: " + numbers.subList(Math.max(0, i - 3), Math.min(numbers.size(), i + 4)));
            }
        }
        scene.expect().equal("number of steps listed across the pages", last - first + 1, numbers.size(), walk.first());
        matchJournal(run, walk.items(), walk.first());
    }

    @Then("the run's steps are numbered in the order the calls were made, across both branches")
    public void stepsNumberedInCallOrder() {
        RunRef run = created.run();
        Pages.Walk walk = Pages.walk(scene, "steps of run '" + run.alias() + "'", Map.of(), 100,
                query -> run.project().owner().api().listSteps(run.project().id(), run.id(), query));
        List<JsonNode> steps = walk.items();
        Call evidence = walk.first();
        List<Exchange> requests = created.journal().forRun(run.id());
        Map<JsonNode, Exchange> calls = pair(requests, steps, evidence);
        java.time.Instant previous = java.time.Instant.MIN;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            scene.expect().equal("$.items[" + i + "].stepNumber", i + 1, step.path("stepNumber").asInt(), evidence);
            // A step numbered later cannot have started earlier: numbers follow the start of each call.
            java.time.Instant started = java.time.Instant.parse(step.path("startedAt").asText());
            scene.expect().that(!started.isBefore(previous), "$.items[" + i + "].startedAt of the " + describe(step),
                    "not before the step numbered before it (" + previous + ")", started.toString(), evidence);
            previous = started;
        }
        // Each branch, taken alone, lists its calls in the order its conversation made them.
        List<String> nodes = run.workflow().nodeIds();
        for (String node : nodes) {
            List<Exchange> expected = logicalOrder(requests, node);
            List<Exchange> listed = steps.stream().filter(s -> node.equals(s.path("nodeId").asText())).map(calls::get).toList();
            scene.expect().equal("the steps of node '" + node + "', in list order, against its calls in the order it made them",
                    describeAll(expected), describeAll(listed), evidence);
        }
        // The node that waits for both branches makes its calls after every call of theirs.
        String last = run.workflow().finalNode();
        int lastOfBranches = steps.stream().filter(s -> !last.equals(s.path("nodeId").asText()))
                .mapToInt(s -> s.path("stepNumber").asInt()).max().orElse(0);
        int firstOfLast = steps.stream().filter(s -> last.equals(s.path("nodeId").asText()))
                .mapToInt(s -> s.path("stepNumber").asInt()).min().orElse(0);
        scene.expect().that(firstOfLast > lastOfBranches, "the first step of node '" + last + "', which depends on "
                + nodes.subList(0, nodes.size() - 1), "numbered after the last step of those nodes (" + lastOfBranches + ")",
                firstOfLast, evidence);
    }

    @Then("the run has a completed state for each of the nodes {string} and {string}")
    public void completedStateForEachNode(String first, String second) {
        RunRef run = created.run();
        Call call = run.project().owner().api().listNodeStates(run.project().id(), run.id());
        exchanges.lastCall(call);
        scene.expect().status("reading the node states of the run", call, 200);
        JsonNode items = call.at("$.items");
        List<String> nodes = new ArrayList<>();
        items.forEach(state -> nodes.add(state.path("nodeId").asText()));
        scene.expect().equal("$.items[].nodeId (one state per workflow node, in workflow order)",
                List.of(first, second), nodes, call);
        for (int i = 0; i < items.size(); i++) {
            String path = "$.items[" + i + "]";
            scene.expect().field(call, path + ".runId", run.id());
            scene.expect().field(call, path + ".status", "COMPLETED");
            scene.expect().that(items.get(i).path("progress").isNumber()
                            && items.get(i).path("progress").asDouble() == 1.0,
                    path + ".progress of a completed node", "1 (done)", items.get(i).path("progress"), call);
            // Notes are the target's to write: openapi.yaml asks for an array of strings, possibly empty.
            JsonNode messages = items.get(i).path("messages");
            boolean strings = messages.isArray();
            for (JsonNode note : messages) {
                strings &= note.isTextual();
            }
            scene.expect().that(strings, path + ".messages", "an array of notes on the node's progress (strings, any number)",
                    messages, call);
        }
    }

    @Then("the {word} node was {word}")
    public void nodeWas(String node, String status) {
        Call call = nodeStates();
        scene.expect().field(call, nodePath(call, node) + ".status", status);
    }

    @Then("the {word} node was played by the {word} agent")
    public void nodePlayedBy(String node, String agent) {
        Call call = nodeStates();
        String profile = created.profiles().get(created.run().project().owner().name() + "/" + agent);
        scene.expect().that(profile != null, "the kit's profile for agent '" + agent + "'", "registered", null, call);
        scene.expect().field(call, nodePath(call, node) + ".agentId", profile);
    }

    /** One MODEL step per attempt the stand-in saw, numbered as the requests were, the last one COMPLETED. */
    @Then("the run has one model step per attempt, the failed ones FAILED and the last COMPLETED")
    public void oneModelStepPerAttempt() {
        RunRef run = created.run();
        List<Exchange> requests = created.journal().modelRequests(run.id(), null);
        Call steps = run.project().owner().api().listSteps(run.project().id(), run.id(), Map.of());
        scene.expect().status("listing the steps of the run", steps, 200);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            expected.add("MODEL attempt " + requests.get(i).attempt() + " " + (i == requests.size() - 1 ? "COMPLETED" : "FAILED"));
        }
        List<String> seen = new ArrayList<>();
        steps.at("$.items").forEach(step -> seen.add(step.path("kind").asText() + " attempt "
                + step.path("attempt").asText() + " " + step.path("status").asText()));
        scene.expect().equal("$.items[] of the steps (kind, attempt, status), one per model request the stand-in saw",
                expected, seen, steps);
    }

    private Call nodeStates() {
        RunRef run = created.run();
        Call call = run.project().owner().api().listNodeStates(run.project().id(), run.id());
        exchanges.lastCall(call);
        scene.expect().status("reading the node states of the run", call, 200);
        return call;
    }

    /** The path of the node's state in the list; the node must be listed. */
    private String nodePath(Call call, String node) {
        JsonNode items = call.at("$.items");
        for (int i = 0; i < items.size(); i++) {
            if (node.equals(items.get(i).path("nodeId").asText())) {
                return "$.items[" + i + "]";
            }
        }
        throw scene.expect().failure("$.items[].nodeId of the node states", "a state of node '" + node + "'",
                items.toString(), call);
    }

    @Then("the run's steps, node states and messages can still be read")
    public void detailsCanStillBeRead() {
        RunRef run = created.run();
        var api = run.project().owner().api();
        Call steps = api.listSteps(run.project().id(), run.id(), Map.of());
        scene.expect().status("listing the steps of a run whose workflow was deleted", steps, 200);
        scene.expect().that(steps.at("$.items").size() > 0, "$.items of the steps", "the steps the run made",
                steps.at("$.items"), steps);
        Call states = api.listNodeStates(run.project().id(), run.id());
        scene.expect().status("reading the node states of a run whose workflow was deleted", states, 200);
        scene.expect().equal("number of node states", run.workflow().nodeIds().size(), states.at("$.items").size(), states);
        Call messages = api.listMessages(run.project().id(), run.id(), Map.of());
        scene.expect().status("listing the messages of a run whose workflow was deleted", messages, 200);
        scene.expect().field(messages, "$.items[0].content", run.query());
    }

    /**
     * Each step is one of the calls the stand-ins received for the run, in the order a one-agent
     * run makes them: a model call, then the tool calls its answer asked for, then the next model
     * call. The order is read from what was said, not from clocks: a node's conversation grows with
     * every model call, and each tool request carries the id of the call that asked for it.
     */
    private void matchJournal(RunRef run, List<JsonNode> steps, Call evidence) {
        List<Exchange> requests = created.journal().forRun(run.id());
        Map<JsonNode, Exchange> calls = pair(requests, steps, evidence);
        List<Exchange> expected = new ArrayList<>();
        for (String node : requests.stream().map(Exchange::nodeId).distinct().toList()) {
            expected.addAll(logicalOrder(requests, node));
        }
        // By identity: two calls may be equal in every field (the same question asked twice).
        Map<Exchange, Integer> position = new java.util.IdentityHashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            position.put(expected.get(i), i);
        }
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            Exchange call = calls.get(step);
            int made = position.getOrDefault(call, -1);
            if (made != i) {
                throw scene.expect().failure("position of the " + describe(step) + " in the list",
                        "position " + (made + 1) + ", where its " + call.surface()
                                + " call came in the run's work", "position " + (i + 1), evidence);
            }
            scene.expect().equal("$.items[" + i + "].status", "COMPLETED", step.path("status").asText(), evidence);
        }
    }

    /**
     * Pairs each step with the stand-in request it reports: the n-th MODEL step of a node with the
     * node's n-th model request, a TOOL step with the tool request of the same tool call id.
     */
    private Map<JsonNode, Exchange> pair(List<Exchange> requests, List<JsonNode> steps, Call evidence) {
        scene.expect().equal("number of steps, against the model and tool requests the stand-ins received for the run",
                requests.size(), steps.size(), evidence);
        Map<JsonNode, Exchange> paired = new java.util.IdentityHashMap<>();
        Map<String, Integer> modelCallsSeen = new HashMap<>();
        for (JsonNode step : steps) {
            String node = step.path("nodeId").asText();
            String kind = step.path("kind").asText();
            Exchange request;
            if ("MODEL".equals(kind)) {
                int n = modelCallsSeen.merge(node, 1, Integer::sum);
                List<Exchange> ofNode = modelRequestsInOrder(requests, node);
                request = n <= ofNode.size() ? ofNode.get(n - 1) : null;
                if (request != null) {
                    scene.expect().equal("name of the " + describe(step) + " (the model asked for)", request.model(),
                            step.path("name").asText(), evidence);
                }
            } else if ("TOOL".equals(kind)) {
                String toolCallId = step.path("toolCallId").asText(null);
                String attempt = step.path("attempt").asText("1");
                request = requests.stream()
                        .filter(e -> "tool".equals(e.surface()) && toolCallId != null && toolCallId.equals(e.toolCallId())
                                && attempt.equals(e.attempt() == null ? "1" : e.attempt()))
                        .findFirst().orElse(null);
                if (request != null) {
                    scene.expect().that(request.url().endsWith("/" + step.path("name").asText()),
                            "name of the " + describe(step), "the tool that was called (" + request.url() + ")",
                            step.path("name").asText(), evidence);
                }
            } else {
                throw scene.expect().failure("kind of step " + step.path("stepNumber").asInt(), "MODEL or TOOL", kind, evidence);
            }
            if (request == null) {
                throw scene.expect().failure("the request behind the " + describe(step),
                        "a " + kind.toLowerCase(java.util.Locale.ROOT) + " request of node '" + node
                                + "' in the stand-ins' journal", "none", evidence);
            }
            paired.put(step, request);
        }
        return paired;
    }

    /** A node's calls in the order its conversation made them: a model call, the tool calls it asked for, and so on. */
    private static List<Exchange> logicalOrder(List<Exchange> requests, String node) {
        List<Exchange> order = new ArrayList<>();
        for (Exchange model : modelRequestsInOrder(requests, node)) {
            order.add(model);
            for (String toolCallId : model.toolCallIdsAnswered()) {
                requests.stream()
                        .filter(e -> "tool".equals(e.surface()) && toolCallId.equals(e.toolCallId()))
                        .sorted(java.util.Comparator.comparing(e -> Integer.parseInt(e.attempt() == null ? "1" : e.attempt())))
                        .forEach(order::add);
            }
        }
        return order;
    }

    private static List<String> describeAll(List<Exchange> calls) {
        return calls.stream().map(e -> "tool".equals(e.surface()) ? "tool call " + e.toolCallId()
                : "model call with " + e.conversationLength() + " messages").toList();
    }

    private static List<Exchange> modelRequestsInOrder(List<Exchange> requests, String node) {
        return requests.stream()
                .filter(e -> "model".equals(e.surface()) && node.equals(e.nodeId()))
                .sorted(java.util.Comparator.comparingInt(Exchange::conversationLength).thenComparing(Exchange::at))
                .toList();
    }

    private static String describe(JsonNode step) {
        return step.path("kind").asText() + " step " + step.path("stepNumber").asInt() + " of node '"
                + step.path("nodeId").asText() + "'";
    }
}
