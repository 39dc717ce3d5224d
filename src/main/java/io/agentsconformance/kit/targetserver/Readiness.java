package io.agentsconformance.kit.targetserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Waits until the target says it and its store are ready (OPS-01), so that no scenario ever fails
 * because the server was still starting.
 */
public final class Readiness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Readiness() {
    }

    /** What the health endpoint last said. */
    public record Report(int status, JsonNode body, Duration waited) {
        public boolean ready() {
            return status == 200 && "UP".equals(body.path("status").asText())
                    && "UP".equals(body.path("checks").path("store").asText());
        }
    }

    /** Polls {@code GET /api/health} until the target is ready, or fails after {@code bound}. */
    public static Report until(URI baseUrl, Duration bound) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicReference<Report> last = new AtomicReference<>();
        AtomicReference<String> lastError = new AtomicReference<>("no answer yet");
        long started = System.nanoTime();
        try {
            await("the target at " + baseUrl + " to report itself and its store ready")
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try {
                            Report report = probe(client, baseUrl, Duration.ofNanos(System.nanoTime() - started));
                            last.set(report);
                            return report.ready();
                        } catch (IOException e) {
                            lastError.set(e.toString());
                            return false;
                        }
                    });
            return last.get();
        } catch (ConditionTimeoutException e) {
            Report report = last.get();
            throw new IllegalStateException("the target at " + baseUrl + " was not ready within " + bound
                    + " (OPS-01): GET /api/health last answered "
                    + (report == null ? lastError.get() : report.status() + " " + report.body()));
        }
    }

    static Report probe(HttpClient client, URI baseUrl, Duration waited) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.createObjectNode().put("unparsable", response.body());
            }
            return new Report(response.statusCode(), body, waited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
