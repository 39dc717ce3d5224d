package io.agentsconformance.kit.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsconformance.kit.api.Json;
import io.agentsconformance.kit.contract.Contract;
import io.agentsconformance.kit.contract.ResponseValidation;
import io.agentsconformance.kit.measure.Distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kit's side of a load: one user's requests sent concurrently for real, through the JDK's
 * asynchronous HTTP client on a pool of {@code threads} threads (Java 17 has no virtual threads),
 * each bounded by the HTTP timeout. Three figures are kept apart, so that a report can show the
 * target's latency beside what the kit itself cost:
 *
 * <ul>
 *   <li>the target's latency: from the request handed to the client to its whole answer;</li>
 *   <li>the kit's overhead: building the request, then reading and contract-checking the answer;</li>
 *   <li>the dispatch lag: how late a request planned for a moment actually went out.</li>
 * </ul>
 *
 * Every answer is checked against spec/openapi.yaml like any other the kit gets; breaches are
 * collected (a load is not stopped half-way) and the step that judges the load fails on them.
 */
public final class LoadClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answered (or unanswered) request of a load. */
    public record Exchange(String label, String method, String path, int status, String body, long sentNanos,
            long answeredNanos, String error) {

        public boolean answered() {
            return error == null;
        }

        public Duration latency() {
            return Duration.ofNanos(answeredNanos - sentNanos);
        }

        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        public String text(String path) {
            JsonNode node = Json.at(json(), path);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        /** Short form for messages, like {@code Call.describe}. */
        public String describe() {
            if (!answered()) {
                return method + " " + path + " not answered after " + Distribution.ms(latency()) + ": " + error;
            }
            String shown = body == null ? "" : body.length() > 400 ? body.substring(0, 400) + "... (" + body.length()
                    + " characters)" : body;
            return method + " " + path + " answered " + status + " in " + Distribution.ms(latency()) + " " + shown;
        }
    }

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final Contract contract;
    private final ExecutorService pool;
    private final HttpClient http;
    private final Distribution latency = new Distribution("target's latency");
    private final Distribution overhead = new Distribution("kit's own overhead per request");
    private final Distribution lag = new Distribution("kit's dispatch lag");
    private final List<String> breaches = new ArrayList<>();
    private final List<Exchange> log = new ArrayList<>();

    public LoadClient(URI base, String token, int threads, Duration timeout, Contract contract) {
        this.base = base;
        this.authorization = "Bearer " + token;
        this.timeout = timeout;
        this.contract = contract;
        this.pool = Executors.newFixedThreadPool(threads, named());
        // HTTP/1.1 only: the kit never offers an upgrade but the stream's (spec/README.md, "For vendors").
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(timeout).build();
    }

    /** Sends now; the future completes with the exchange, never exceptionally, within the HTTP timeout. */
    public CompletableFuture<Exchange> send(String label, String method, String path, Map<String, ?> body) {
        return send(label, method, path, body, System.nanoTime());
    }

    /**
     * Sends now a request that was planned for {@code plannedNanos} ({@link System#nanoTime()}):
     * how late it is counts as the kit's dispatch lag.
     */
    public CompletableFuture<Exchange> send(String label, String method, String path, Map<String, ?> body,
            long plannedNanos) {
        long begun = System.nanoTime();
        lag.recordNanos(Math.max(0, begun - plannedNanos));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException("a load request body that is not JSON: " + body, e);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpRequest built = request.build();
        long sent = System.nanoTime();
        long building = sent - begun;
        return http.sendAsync(built, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    long answered = System.nanoTime();
                    Exchange exchange;
                    if (failure != null) {
                        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                        exchange = new Exchange(label, method, path, 0, null, sent, answered,
                                cause instanceof HttpTimeoutException ? "no answer within the HTTP timeout of "
                                        + Distribution.ms(timeout) : cause.toString());
                    } else {
                        exchange = new Exchange(label, method, path, response.statusCode(), response.body(), sent,
                                answered, null);
                        check(exchange, response.headers().firstValue("Content-Type").orElse(null));
                    }
                    latency.recordNanos(answered - sent);
                    overhead.recordNanos(building + System.nanoTime() - answered);
                    synchronized (log) {
                        log.add(exchange);
                    }
                    return exchange;
                });
    }

    /** Sends and waits for the answer (bounded by the HTTP timeout, plus a margin for the client). */
    public Exchange call(String label, String method, String path, Map<String, ?> body) {
        return send(label, method, path, body).orTimeout(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS).join();
    }

    private void check(Exchange exchange, String contentType) {
        ResponseValidation validation = contract.validate(exchange.method(), exchange.path(), exchange.status(),
                contentType, exchange.body());
        if (!validation.conforms()) {
            synchronized (breaches) {
                breaches.add(exchange.method() + " " + exchange.path() + " answered " + exchange.status() + " with "
                        + validation.violations().get(0) + " (" + validation.operationName() + ")");
            }
        }
    }

    /** The answers that broke spec/openapi.yaml so far. */
    public List<String> breaches() {
        synchronized (breaches) {
            return List.copyOf(breaches);
        }
    }

    /** Every exchange so far, in the order they were answered. */
    public List<Exchange> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public Distribution latency() {
        return latency;
    }

    public Distribution overhead() {
        return overhead;
    }

    public Distribution lag() {
        return lag;
    }

    /** The kit's figures, for the report beside the target's. */
    public List<String> kitFigures() {
        return List.of(latency.summary(), overhead.summary(), lag.summary());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "kit-load-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
