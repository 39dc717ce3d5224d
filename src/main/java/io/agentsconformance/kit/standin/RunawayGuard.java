package io.agentsconformance.kit.standin;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps the kit standing against a target that does not stop: one that ignores {@code maxModelCalls},
 * {@code maxAttempts} or {@code Retry-After} and calls the model or a tool without end.
 *
 * <p>Each run may make, per node, ten times the model and tool requests a correct target could make
 * (spec/llm-and-tools.md, "A run that does not stop"), and no attempt past the node's
 * {@code maxAttempts}. The first request past either is a breach:
 * every scenario waiting on the stand-ins for that project fails at once with the count, and from
 * then on the run's requests are answered {@code 429} after a pause and dropped from the journal,
 * so neither the journal nor the waits grow with what the target sends. Without this a runaway
 * target once filled the kit's heap in two minutes: the journal kept every request, each carrying
 * a longer conversation than the last, while the wait gave a run that "keeps working" ten times
 * its bound.
 */
final class RunawayGuard implements RequestFilterV2, ServeEventListener {

    /** Ten times the most a correct target makes: a margin no correct target comes near. */
    static final int MARGIN = 10;
    /** The contract's defaults (spec/openapi.yaml, WorkflowNode), for a node the kit did not create. */
    static final int DEFAULT_MAX_MODEL_CALLS = 50;
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** What one node of a workflow allows a run: per turn, maxModelCalls calls of maxAttempts attempts each. */
    record NodeLimits(int maxModelCalls, int maxAttempts, boolean fallback) {
        static final NodeLimits DEFAULTS = new NodeLimits(DEFAULT_MAX_MODEL_CALLS, DEFAULT_MAX_ATTEMPTS, false);

        int modelAllowance() {
            return MARGIN * maxModelCalls * maxAttempts * (fallback ? 2 : 1);
        }

        String modelWhy() {
            return MARGIN + " x maxModelCalls " + maxModelCalls + " x maxAttempts " + maxAttempts
                    + (fallback ? " x 2 (the node and its fallback)" : "");
        }
    }

    /** A run past its allowance, told once to the scenarios of its project. */
    record Breach(Instant at, String projectId, String runId, String description) { }

    private final Map<String, NodeLimits> limits = new ConcurrentHashMap<>();
    /** Counts per run: "model|node" and "tool|node" requests, and "served|node" tool calls the model stand-in handed out. */
    private final Map<String, Map<String, AtomicInteger>> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> kept = new ConcurrentHashMap<>();
    private final Map<String, String> projectOfRun = new ConcurrentHashMap<>();
    private final Set<String> breachedRuns = ConcurrentHashMap.newKeySet();
    private final List<Breach> breaches = new CopyOnWriteArrayList<>();
    private final Set<UUID> excess = ConcurrentHashMap.newKeySet();
    private volatile Consumer<UUID> dropFromJournal = id -> { };
    /** Projects whose scenario ended: a target still calling for them is answered at once and not journaled. */
    private final Map<String, Boolean> forgotten = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });

    @Override
    public String getName() {
        return "runaway-guard";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    /** How excess requests leave the journal once answered (the server, which this extension is part of). */
    void dropWith(Consumer<UUID> drop) {
        this.dropFromJournal = drop;
    }

    /** What a node of a project's workflow allows, read from the node as the kit created it. */
    void limit(String projectId, String nodeId, NodeLimits nodeLimits) {
        limits.put(projectId + "|" + nodeId, nodeLimits);
    }

    @Override
    public boolean applyToAdmin() {
        return false;
    }

    @Override
    public boolean applyToStubs() {
        return true;
    }

    /**
     * Counts the request on arrival, before WireMock matches it; a request past the allowance is
     * answered here, so no script plays it and it costs the kit no near-miss search.
     */
    @Override
    public RequestFilterAction filter(Request request, ServeEvent event) {
        String runId = request.getHeader(ScriptedAnswers.RUN_HEADER);
        RequestFilterAction action = judge(request, event, runId);
        if (runId != null && action instanceof com.github.tomakehurst.wiremock.extension.requestfilter.ContinueAction) {
            kept.computeIfAbsent(runId, r -> new AtomicInteger()).incrementAndGet();
        }
        return action;
    }

    /**
     * How many requests naming this run the stand-ins kept (answered as scripted, not refused):
     * what the waits read many times a second as a sign of progress, counted on arrival instead of
     * by searching the whole journal each time.
     */
    int kept(String runId) {
        AtomicInteger count = kept.get(runId);
        return count == null ? 0 : count.get();
    }

    private RequestFilterAction judge(Request request, ServeEvent event, String runId) {
        String node = request.getHeader(ScriptedAnswers.NODE_HEADER);
        String url = request.getUrl() == null ? "" : request.getUrl();
        boolean model = url.startsWith(StandIns.MODEL_PATH);
        if (runId == null || runId.isBlank() || node == null || (!model && !url.startsWith("/tools/"))) {
            return RequestFilterAction.continueWith(request); // the correlation check speaks for these
        }
        String projectId = StandIns.projectOf(request);
        if (forgotten.containsKey(projectId)) {
            excess.add(event.getId());
            return RequestFilterAction.stopWith(refusal("the scenario of project " + projectId + " has ended"));
        }
        projectOfRun.putIfAbsent(runId, projectId);
        Map<String, AtomicInteger> run = counts.computeIfAbsent(runId, r -> new ConcurrentHashMap<>());
        int made = run.computeIfAbsent((model ? "model|" : "tool|") + node, k -> new AtomicInteger()).incrementAndGet();
        NodeLimits nodeLimits = limits.getOrDefault(projectId + "|" + node, NodeLimits.DEFAULTS);
        int allowed;
        String why;
        if (model) {
            allowed = nodeLimits.modelAllowance();
            why = nodeLimits.modelWhy();
        } else {
            int served = run.computeIfAbsent("served|" + node, k -> new AtomicInteger()).get();
            allowed = MARGIN * nodeLimits.maxAttempts() * Math.max(1, served);
            why = MARGIN + " x maxAttempts " + nodeLimits.maxAttempts() + " x the " + served
                    + " tool call(s) the model stand-in gave it";
        }
        int attempt = attemptOf(request);
        if (made <= allowed && attempt <= nodeLimits.maxAttempts()) {
            return RequestFilterAction.continueWith(request);
        }
        excess.add(event.getId());
        if (breachedRuns.add(runId)) {
            String what = model ? "model" : "tool";
            breaches.add(new Breach(Instant.now(), projectId, runId, made > allowed
                    ? "run " + runId + " made " + made + " " + what + " requests for node '" + node + "'; the node allows "
                            + allowed + " (" + why + ": spec/llm-and-tools.md, \"A run that does not stop\")."
                            + " The stand-ins answer its further requests 429 and keep none of them"
                    : "run " + runId + " sent attempt " + attempt + " of a " + what + " request for node '" + node
                            + "'; the node allows " + nodeLimits.maxAttempts() + " attempts (maxAttempts:"
                            + " spec/llm-and-tools.md, \"Failures, retries and timeouts\")."
                            + " The stand-ins answer its further requests 429 and keep none of them"));
        }
        return RequestFilterAction.stopWith(refusal("run " + runId + " is past what its workflow allows"));
    }

    /** The X-Agents-Attempt header (spec/llm-and-tools.md, Correlation headers); 1 when absent or unreadable. */
    private static int attemptOf(Request request) {
        String header = request.getHeader("X-Agents-Attempt");
        try {
            return header == null ? 1 : Integer.parseInt(header.trim());
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }

    /** A 429 that makes a target that honours it wait, and slows one that does not: a second per request. */
    private static ResponseDefinition refusal(String why) {
        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                .withStatus(429)
                .withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"" + why + " (spec/llm-and-tools.md, A run that does not stop)\","
                        + " \"type\": \"rate_limit_exceeded\"}}")
                .withFixedDelay(1000)
                .build();
    }

    /** The model stand-in handed {@code calls} tool calls to a node of a run: each may be called, and retried. */
    void served(String runId, String node, int calls) {
        if (calls > 0) {
            counts.computeIfAbsent(runId, r -> new ConcurrentHashMap<>())
                    .computeIfAbsent("served|" + node, k -> new AtomicInteger()).addAndGet(calls);
        }
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
        if (excess.remove(event.getId())) {
            dropFromJournal.accept(event.getId());
        }
    }

    /** How many requests a run has made so far, model and tool, counted on arrival. */
    int made(String runId) {
        Map<String, AtomicInteger> run = counts.get(runId);
        if (run == null) {
            return 0;
        }
        return run.entrySet().stream().filter(e -> !e.getKey().startsWith("served|"))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Breaches of these projects since {@code since}, each with the run's count as it is now. */
    List<String> of(Set<String> projectIds, Instant since) {
        return breaches.stream()
                .filter(b -> !b.at().isBefore(since) && projectIds.contains(b.projectId()))
                .map(b -> b.description() + " (by now it has made " + made(b.runId()) + " requests in all)")
                .toList();
    }

    void forgetProject(String projectId) {
        forgotten.put(projectId, Boolean.TRUE);
        breaches.removeIf(b -> projectId.equals(b.projectId()));
        limits.keySet().removeIf(k -> k.startsWith(projectId + "|"));
        projectOfRun.entrySet().removeIf(e -> {
            if (projectId.equals(e.getValue())) {
                counts.remove(e.getKey());
                breachedRuns.remove(e.getKey());
                return true;
            }
            return false;
        });
    }
}
