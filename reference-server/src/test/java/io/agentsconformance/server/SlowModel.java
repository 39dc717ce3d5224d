package io.agentsconformance.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A model that answers every chat completion with "done" after {@code latencyMillis}, and notes
 * when each request arrived: runs spend a while RUNNING, so a crash finds some running, some
 * waiting and some finished. The answers are scheduled, so a slow answer holds no thread.
 */
final class SlowModel implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(4);
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    SlowModel(long latencyMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8));
        byte[] body = ModelAnswers.text("done").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            arrivals.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            answers.schedule(() -> {
                try (OutputStream out = exchange.getResponseBody()) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                } catch (IOException clientGone) {
                    // the server aborted the call (a cancel or a stop)
                } finally {
                    exchange.close();
                }
            }, latencyMillis, TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** How many requests arrived after {@code nanoTime}. */
    long arrivedAfter(long nanoTime) {
        return arrivals.stream().filter(at -> at > nanoTime).count();
    }

    int requests() {
        return arrivals.size();
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
