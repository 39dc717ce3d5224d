package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model and the tool in one loopback JDK HttpServer, answering at once (or after
 * {@code modelDelayMs}, without holding a thread). The model asks for the tool
 * {@value #TOOL_CALLS} times, then gives its final text: what it answers is derived from the
 * conversation it receives (how many {@code tool} messages it holds), so one stand-in serves every
 * run at once with no per-run state. A run therefore makes 5 model calls and 4 tool calls.
 */
final class StandIn {

    static final int TOOL_CALLS = 4;
    private static final Pattern TOOL_MESSAGE = Pattern.compile("\"role\"\\s*:\\s*\"tool\"");
    private static final Pattern RUN_ID = Pattern.compile("^[A-Za-z0-9_.~-]{1,128}$");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final long modelDelayMs;
    final AtomicLong modelCalls = new AtomicLong();
    final AtomicLong toolCalls = new AtomicLong();
    final AtomicLong unattributed = new AtomicLong();

    private StandIn(HttpServer server, ExecutorService handlers, long modelDelayMs) {
        this.server = server;
        this.handlers = handlers;
        this.modelDelayMs = modelDelayMs;
    }

    static StandIn start(long modelDelayMs) throws IOException {
        // The JDK server writes headers and body as two segments; with Nagle on, the body waits for
        // the client's delayed ACK (about 40 ms on Linux) on every call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        StandIn standIn = new StandIn(server, handlers, modelDelayMs);
        server.createContext("/v1/chat/completions", standIn::model);
        server.createContext("/tools/lookup", standIn::tool);
        server.createContext("/counts", standIn::counts);
        server.setExecutor(handlers);
        server.start();
        return standIn;
    }

    String modelBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    String toolUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tools/lookup";
    }

    private void model(HttpExchange exchange) throws IOException {
        long call = modelCalls.incrementAndGet();
        String request = body(exchange);
        String runId = exchange.getRequestHeaders().getFirst("X-Agents-Run-Id");
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            unattributed.incrementAndGet();
        }
        int results = 0;
        Matcher tool = TOOL_MESSAGE.matcher(request);
        while (tool.find()) {
            results++;
        }
        String message;
        String finish;
        if (results < TOOL_CALLS) {
            message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + (results + 1)
                    + "\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"n\\\":"
                    + (results + 1) + "}\"}}]}";
            finish = "tool_calls";
        } else {
            // Only this run could have produced this text: its id and its count of tool results.
            message = "{\"role\":\"assistant\",\"content\":\"done: run " + runId + " after " + results + " tool calls\"}";
            finish = "stop";
        }
        String completion = "{\"id\":\"chatcmpl-bench-" + call + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"finish_reason\":\"" + finish + "\",\"message\":"
                + message + "}]}";
        if (modelDelayMs > 0) {
            // The model's thinking time, scheduled: no stand-in thread sleeps through it.
            delays.schedule(() -> reply(exchange, completion), modelDelayMs, TimeUnit.MILLISECONDS);
        } else {
            reply(exchange, completion);
        }
    }

    private void tool(HttpExchange exchange) throws IOException {
        toolCalls.incrementAndGet();
        reply(exchange, "{\"looked_up\":" + body(exchange) + "}");
    }

    /** What the stand-in was asked, for the benchmark's own check that every run made all its calls. */
    private void counts(HttpExchange exchange) throws IOException {
        body(exchange);
        reply(exchange, "{\"modelCalls\":" + modelCalls.get() + ",\"toolCalls\":" + toolCalls.get()
                + ",\"unattributed\":" + unattributed.get() + "}");
    }

    String countsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/counts";
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The server gave up on this call (its timeout): nothing to answer.
            exchange.close();
        }
    }

    void stop() {
        server.stop(0);
        delays.shutdownNow();
        handlers.shutdownNow();
    }
}
