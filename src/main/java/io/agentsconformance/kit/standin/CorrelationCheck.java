package io.agentsconformance.kit.standin;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Requests the kit cannot play its part for, noticed the moment they arrive: a request without
 * the correlation headers that say whose it is.
 * Without this a target that leaves out {@code X-Agents-Run-Id} makes every wait run to its
 * bound (the suite once ran past 15 minutes); with it, the scenarios waiting on the stand-ins
 * fail at once and say which header is missing.
 */
final class CorrelationCheck implements ServeEventListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the kit could not take as the contract says. */
    record Breach(Instant at, String projectId, String rule, String request) {
        String describe() {
            return rule + " (" + request + ", received " + at + ")";
        }
    }

    private static final int MAX_BREACHES = 1000;
    private final List<Breach> breaches = new CopyOnWriteArrayList<>();
    /** The run ids each project's requests named, so that a wrong one can be noticed cheaply. */
    private final java.util.Map<String, Set<String>> runIdsByProject = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "correlation-check";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public void beforeMatch(ServeEvent event, Parameters parameters) {
        Request request = event.getRequest();
        String runId = request.getHeader(ScriptedAnswers.RUN_HEADER);
        if (runId != null && !runId.isBlank()) {
            runIdsByProject.computeIfAbsent(StandIns.projectOf(event), p -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                    .add(runId);
        }
        // Bounded: a target that leaves the headers out of every request must not fill the kit's heap.
        rule(request).filter(rule -> breaches.size() < MAX_BREACHES).ifPresent(rule -> breaches.add(new Breach(Instant.now(), StandIns.projectOf(event), rule,
                request.getMethod() + " " + request.getUrl())));
    }

    /** Why the stand-ins cannot answer this request as a script would, if they cannot. */
    static Optional<String> rule(Request request) {
        String url = request.getUrl() == null ? "" : request.getUrl();
        boolean model = url.startsWith(StandIns.MODEL_PATH);
        if (!model && !url.startsWith("/tools/")) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        for (String header : model
                ? List.of(StandIns.PROJECT_HEADER, ScriptedAnswers.RUN_HEADER, ScriptedAnswers.NODE_HEADER)
                : List.of(ScriptedAnswers.RUN_HEADER, ScriptedAnswers.NODE_HEADER)) {
            String value = request.getHeader(header);
            if (value == null || value.isBlank()) {
                missing.add(header);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("a " + (model ? "model" : "tool") + " request without the correlation header"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + ": every model and tool request must carry it (spec/llm-and-tools.md, Correlation headers);"
                    + " the kit cannot tell which run it is for");
        }
        return Optional.empty();
    }

    static boolean asksForStream(Request request) {
        return TopLevelField.of(request.getBodyAsString(), "stream").asBoolean(false);
    }

    /**
     * Breaches a scenario must hear of: those of its projects, and those no project can be read
     * from (every waiting scenario may be the one), received since it began.
     */
    List<Breach> of(Set<String> projectIds, Instant since) {
        return breaches.stream()
                .filter(b -> !b.at().isBefore(since))
                .filter(b -> b.projectId().isEmpty() || projectIds.contains(b.projectId()))
                .toList();
    }

    Set<String> runIdsSeen(String projectId) {
        return Set.copyOf(runIdsByProject.getOrDefault(projectId, Set.of()));
    }

    void forgetProject(String projectId) {
        breaches.removeIf(b -> projectId.equals(b.projectId()));
        runIdsByProject.remove(projectId);
    }
}
