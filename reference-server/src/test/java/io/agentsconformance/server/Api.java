package io.agentsconformance.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small REST client for the tests: one user's view of the server. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 as the kit speaks it: the default client offers an h2c upgrade, which --alternatives refuses.
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, java.net.http.HttpHeaders headers, String text) {

        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String baseUrl;
    private final String token;

    Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    Api as(String otherToken) {
        return new Api(baseUrl, otherToken);
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply post(String path, Object body) {
        String text = body instanceof String s ? s : write(body);
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    Reply postBytes(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    // --- fixtures through the front door -------------------------------------------------------------

    String createProject(int maxConcurrentRuns) {
        return created(post("/api/projects", JSON.createObjectNode().put("name", "test project")
                .put("maxConcurrentRuns", maxConcurrentRuns)));
    }

    String createWorkflow(String projectId, ObjectNode... nodes) {
        ObjectNode body = JSON.createObjectNode().put("name", "test workflow");
        for (ObjectNode node : nodes) {
            body.withArray("nodes").add(node);
        }
        return created(post("/api/projects/" + projectId + "/workflows", body));
    }

    String createContextItem(String projectId, String name, String content) {
        return created(post("/api/projects/" + projectId + "/context-items",
                JSON.createObjectNode().put("name", name).put("content", content)));
    }

    String startRun(String projectId, String workflowId, String inputQuery) {
        return created(post(runs(projectId), JSON.createObjectNode().put("workflowId", workflowId)
                .put("inputQuery", inputQuery)));
    }

    JsonNode run(String projectId, String runId) {
        return get(runs(projectId) + "/" + runId).json();
    }

    String runStatus(String projectId, String runId) {
        return run(projectId, runId).get("status").asText();
    }

    static String runs(String projectId) {
        return "/api/projects/" + projectId + "/agent-runs";
    }

    static ObjectNode node(String id, String model) {
        return JSON.createObjectNode().put("id", id).put("agentId", "general").put("model", model);
    }

    private static String created(Reply reply) {
        if (reply.status() != 201) {
            throw new AssertionError("expected 201, got " + reply.status() + ": " + reply.text());
        }
        return reply.json().get("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
