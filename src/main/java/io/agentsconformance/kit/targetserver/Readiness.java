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

        /** The contract's request body limit, and the most a target may declare (openapi.yaml, Health). */
        public static final long DEFAULT_MAX_REQUEST_BYTES = 1_048_576;
        static final long LOWEST_MAX_REQUEST_BYTES = 65_536;

        public boolean ready() {
            return status == 200 && "UP".equals(body.path("status").asText())
                    && "UP".equals(body.path("checks").path("store").asText());
        }

        /**
         * The largest request body the target accepts: what it declares as
         * {@code limits.maxRequestBytes}, else the contract's 1 MiB. EDGE-2 and SEC-04 hold it to it.
         */
        public long maxRequestBytes() {
            JsonNode declared = body.path("limits").path("maxRequestBytes");
            return declared.isIntegralNumber() ? declared.asLong() : DEFAULT_MAX_REQUEST_BYTES;
        }

        /** Why the declaration cannot be used, if it cannot. */
        java.util.Optional<String> declarationProblem() {
            JsonNode declared = body.path("limits").path("maxRequestBytes");
            if (declared.isMissingNode() || declared.isNull()) {
                return java.util.Optional.empty();
            }
            if (!declared.isIntegralNumber() || declared.asLong() < LOWEST_MAX_REQUEST_BYTES
                    || declared.asLong() > DEFAULT_MAX_REQUEST_BYTES) {
                return java.util.Optional.of("GET /api/health declares limits.maxRequestBytes = " + declared
                        + "; the contract allows an integer from " + LOWEST_MAX_REQUEST_BYTES + " to "
                        + DEFAULT_MAX_REQUEST_BYTES + " (spec/openapi.yaml, Health), or no declaration (1 MiB)");
            }
            return java.util.Optional.empty();
        }
    }

    /** Polls {@code GET /api/health} until the target is ready, or fails after {@code bound}. */
    public static Report until(URI baseUrl, Duration bound) {
        HttpClient client = client();
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
            last.get().declarationProblem().ifPresent(problem -> {
                throw new IllegalStateException("the target at " + baseUrl + " is ready, but (OPS-01): " + problem);
            });
            return last.get();
        } catch (ConditionTimeoutException e) {
            Report report = last.get();
            throw new IllegalStateException("the target at " + baseUrl + " was not ready within " + bound
                    + " (OPS-01): GET /api/health last answered "
                    + (report == null ? lastError.get() : report.status() + " " + report.body()));
        }
    }

    /**
     * Pinned to HTTP/1.1: Java's default client offers {@code Upgrade: h2c} on plain http, which a
     * server that handles upgrades itself (Node's {@code ws} on the HTTP server, for one) refuses,
     * and the suite would never start. The contract asks for HTTP/1.1 only (spec/README.md).
     */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
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
