package io.agentsconformance.kit.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A set-up written the way a vendor would write one, knowing only the types of this package: its
 * own {@link HttpClient} and its own JSON, no part of the kit's HTTP layer (AgentsApi, REST
 * Assured, the contract filter). It happens to call the reference server's fixture endpoints;
 * a vendor's would call an admin API or a database instead. SetUpAdapterIT runs scenarios through
 * it, proving that the kit needs nothing of a set-up but the ids it returns.
 */
public final class DirectHttpSetUp implements TargetSetUp {

    public static final String NAME = "direct-http";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What this set-up created in this JVM, by kind: how a test tells it was really used. */
    private static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();

    /** Shared by every scenario thread (HttpClient is thread-safe); made on first use, not when the kit looks for set-ups. */
    private static final class Client {
        static final HttpClient HTTP = HttpClient.newHttpClient();
    }

    /** How many things of {@code kind} ("project", "agent profile", "workflow", "context item") it created. */
    public static int created(String kind) {
        AtomicInteger count = CREATED.get(kind);
        return count == null ? 0 : count.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "plain java.net.http calls to the target's fixture endpoints (a test of the kit's set-up interface)";
    }

    @Override
    public String createProject(SetUpContext context, NewProject project) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", project.name());
        body.put("maxConcurrentRuns", project.maxConcurrentRuns());
        return post(context, "project", "/api/projects", body);
    }

    @Override
    public String createAgentProfile(SetUpContext context, NewAgentProfile profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", profile.name());
        body.put("description", profile.description());
        body.put("capabilities", profile.capabilities());
        body.put("instructions", profile.instructions());
        return post(context, "agent profile", "/api/agents/profiles", body);
    }

    @Override
    public String createWorkflow(SetUpContext context, String projectId, NewWorkflow workflow) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", workflow.name());
        body.put("nodes", workflow.nodes());
        return post(context, "workflow", "/api/projects/" + projectId + "/workflows", body);
    }

    @Override
    public String createContextItem(SetUpContext context, String projectId, NewContextItem item) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", item.name());
        body.put("content", item.content());
        return post(context, "context item", "/api/projects/" + projectId + "/context-items", body);
    }

    private static String post(SetUpContext context, String kind, String path, Map<String, Object> body) {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(context.targetUrl() + path))
                    .timeout(context.httpTimeout())
                    .header("Authorization", "Bearer " + context.owner().token())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            response = Client.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SetUpException("POST " + path + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetUpException("interrupted while POST " + path + " waited for its answer", e);
        }
        if (response.statusCode() != 201) {
            throw new SetUpException("POST " + path + " answered " + response.statusCode() + ", not 201: " + response.body());
        }
        JsonNode id;
        try {
            id = JSON.readTree(response.body()).path("id");
        } catch (IOException e) {
            throw new SetUpException("POST " + path + " answered 201 with a body that is not JSON: " + response.body(), e);
        }
        if (!id.isTextual()) {
            throw new SetUpException("POST " + path + " answered 201 without an id: " + response.body());
        }
        CREATED.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return id.asText();
    }
}
